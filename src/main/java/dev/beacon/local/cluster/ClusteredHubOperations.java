package dev.beacon.local.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.beacon.local.hub.HubCommand;
import dev.beacon.local.hub.HubOperations;
import dev.beacon.local.hub.LocalHubOperations;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.ODataFilter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local service of every replica sharing one Redis: a send crosses Redis once, to the
 * channel of its target (every replica, a user's, a group's, a connection's owner's), and
 * each replica delivers to its own connections; membership lives in Redis, and a change
 * to a connection or user is confirmed by the replicas it concerns before the call
 * answers, so a send that follows it finds it in place. Client results and streams go to
 * the connection's owner ({@link ClusterCalls}).
 */
final class ClusteredHubOperations implements HubOperations {

	private static final Duration CONFIRM = Duration.ofSeconds(5);

	private final ClusterState state;

	private final ClusterBus bus;

	private final ClusterKeys keys;

	private final ClusterMessages messages;

	private final ClusterMembers members;

	private final ClusterCalls calls;

	private final LocalHubs hubs;

	ClusteredHubOperations(LocalHubOperations local, LocalHubs hubs, ClusterState state, ClusterBus bus,
			ClusterKeys keys, ClusterMessages messages, ClusterMembers members, Duration invocationTimeout) {
		this.state = state;
		this.bus = bus;
		this.keys = keys;
		this.messages = messages;
		this.members = members;
		this.hubs = hubs;
		this.calls = new ClusterCalls(local, hubs, state, bus, keys, messages, invocationTimeout);
	}

	ClusterMembers members() {
		return this.members;
	}

	@Override
	public void sendToAll(String hub, OutgoingMessage message, List<String> excluded) {
		this.bus.publish(this.keys.allChannel(), this.messages.send(hub, "all", null, message, excluded));
	}

	@Override
	public void sendToUser(String hub, String userId, OutgoingMessage message) {
		this.bus.publish(this.keys.userChannel(hub, userId),
				this.messages.send(hub, "user", userId, message, List.of()));
	}

	@Override
	public void sendToGroup(String hub, String group, OutgoingMessage message, List<String> excluded) {
		this.bus.publish(this.keys.groupChannel(hub, group),
				this.messages.send(hub, "group", group, message, excluded));
	}

	@Override
	public void sendToConnection(String hub, String connectionId, OutgoingMessage message) {
		this.bus.publish(this.keys.connectionChannel(hub, connectionId),
				this.messages.send(hub, "connection", connectionId, message, List.of()));
	}

	@Override
	public void closeAll(String hub, List<String> excluded, String reason) {
		this.bus.publish(this.keys.allChannel(), this.messages.close(hub, "all", null, excluded, reason));
	}

	@Override
	public void closeUser(String hub, String userId, List<String> excluded, String reason) {
		this.bus.publish(this.keys.userChannel(hub, userId),
				this.messages.close(hub, "user", userId, excluded, reason));
	}

	@Override
	public void closeGroup(String hub, String group, List<String> excluded, String reason) {
		this.bus.publish(this.keys.groupChannel(hub, group),
				this.messages.close(hub, "group", group, excluded, reason));
	}

	@Override
	public void closeConnection(String hub, String connectionId, String reason) {
		this.bus.publish(this.keys.connectionChannel(hub, connectionId),
				this.messages.close(hub, "connection", connectionId, List.of(), reason));
	}

	@Override
	public boolean connectionExists(String hub, String connectionId) {
		return this.state.owner(hub, connectionId) != null;
	}

	@Override
	public boolean userExists(String hub, String userId) {
		return this.state.userExists(hub, userId);
	}

	@Override
	public boolean groupExists(String hub, String group) {
		return !this.state.members(hub, group).isEmpty();
	}

	@Override
	public boolean userInGroup(String hub, String userId, String group) {
		return this.state.userInGroup(hub, userId, group);
	}

	@Override
	public boolean addToGroup(String hub, String group, String connectionId) {
		if (this.state.owner(hub, connectionId) == null) {
			return false;
		}
		this.state.groups().joined(hub, group, connectionId);
		if (!toOwner(hub, connectionId, this.messages.of("join", hub).put("group", group))) {
			// It left meanwhile: its owner cleaned up before this entry was written
			this.state.groups().left(hub, group, connectionId);
			return false;
		}
		return true;
	}

	@Override
	public boolean removeFromGroup(String hub, String group, String connectionId) {
		this.state.groups().left(hub, group, connectionId);
		return toOwner(hub, connectionId, this.messages.of("leave", hub).put("group", group));
	}

	@Override
	public void removeFromAllGroups(String hub, String connectionId) {
		this.state.groups().leftAll(hub, connectionId);
		toOwner(hub, connectionId, this.messages.of("leaveAll", hub));
	}

	/** A change to one connection, confirmed by its owner; false when it has none. */
	private boolean toOwner(String hub, String connectionId, ObjectNode change) {
		change.put("connection", connectionId);
		return this.bus.request(this.keys.connectionChannel(hub, connectionId), change, CONFIRM)
			.path("found")
			.asBoolean(true);
	}

	@Override
	public void addUserToGroup(String hub, String userId, String group, @Nullable Instant expiry) {
		long expiresAt = (expiry != null) ? expiry.toEpochMilli()
				: this.hubs.now().plus(LocalHubs.DEFAULT_USER_GROUP_TTL).toEpochMilli();
		List<String> evicted = List.of();
		if (expiry != null) {
			this.state.userJoined(hub, userId, group, expiresAt);
		}
		else {
			evicted = this.state.userJoinedWithoutTtl(hub, userId, group, expiresAt);
		}
		toUser(hub, userId, this.messages.of("userJoin", hub).put("group", group).put("expiry", expiresAt));
		evicted.forEach((old) -> removeUserFromGroup(hub, userId, old));
	}

	@Override
	public void removeUserFromGroup(String hub, String userId, String group) {
		this.state.userLeft(hub, userId, group);
		toUser(hub, userId, this.messages.of("userLeave", hub).put("group", group));
	}

	@Override
	public void removeUserFromAllGroups(String hub, String userId) {
		this.state.userLeftAll(hub, userId);
		toUser(hub, userId, this.messages.of("userLeaveAll", hub));
	}

	/** A change to a user, confirmed by every replica with a connection of the user. */
	private void toUser(String hub, String userId, ObjectNode change) {
		this.bus.request(this.keys.userChannel(hub, userId), change.put("user", userId), CONFIRM);
	}

	@Override
	public List<Member> groupMembers(String hub, String group) {
		return this.state.members(hub, group);
	}

	@Override
	public void execute(String hub, @Nullable ODataFilter filter, List<HubCommand> commands) {
		this.bus.request(this.keys.allChannel(),
				this.messages.commands(hub, (filter != null) ? filter.text() : null, commands), CONFIRM);
	}

	@Override
	public CompletableFuture<HubMessage.Completion> invoke(String hub, String connectionId, OutgoingMessage message) {
		return this.calls.invoke(hub, connectionId, message);
	}

	@Override
	public boolean streamItem(String hub, String connectionId, String streamId, JsonNode item, boolean last) {
		return this.calls.streamItem(hub, connectionId, streamId, item, last);
	}

	@Override
	public boolean completeStream(String hub, String connectionId, String streamId, @Nullable String error) {
		return this.calls.completeStream(hub, connectionId, streamId, error);
	}

}
