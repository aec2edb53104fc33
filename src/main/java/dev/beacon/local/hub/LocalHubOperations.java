package dev.beacon.local.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.HubProtocol;
import dev.beacon.protocol.ODataFilter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The hubs of this replica alone: every operation reaches this replica's connections, and
 * membership lives in its memory. The local service of one node, and what each replica of
 * a cluster does with its own connections.
 */
public final class LocalHubOperations implements HubOperations {

	private final LocalHubs hubs;

	private final ConnectionDispatcher dispatcher;

	private final int maxPendingInvocations;

	private final AtomicLong invocationIds = new AtomicLong();

	public LocalHubOperations(LocalHubs hubs, ConnectionDispatcher dispatcher, int maxPendingInvocations) {
		this.hubs = hubs;
		this.dispatcher = dispatcher;
		this.maxPendingInvocations = maxPendingInvocations;
	}

	@Override
	public void sendToAll(String hub, OutgoingMessage message, List<String> excluded) {
		this.hubs.sendToAll(hub, message, excluded);
	}

	@Override
	public void sendToUser(String hub, String userId, OutgoingMessage message) {
		this.hubs.sendToUser(hub, userId, message);
	}

	@Override
	public void sendToGroup(String hub, String group, OutgoingMessage message, List<String> excluded) {
		this.hubs.sendToGroup(hub, group, message, excluded);
	}

	@Override
	public void sendToConnection(String hub, String connectionId, OutgoingMessage message) {
		this.hubs.sendToConnection(hub, connectionId, message);
	}

	@Override
	public void closeAll(String hub, List<String> excluded, String reason) {
		close(this.hubs.stream(hub, (state) -> state.connections().stream()), excluded, reason);
	}

	@Override
	public void closeUser(String hub, String userId, List<String> excluded, String reason) {
		close(this.hubs.stream(hub, (state) -> state.user(userId)), excluded, reason);
	}

	@Override
	public void closeGroup(String hub, String group, List<String> excluded, String reason) {
		Instant now = this.hubs.now();
		close(this.hubs.stream(hub, (state) -> state.group(group, now)), excluded, reason);
	}

	@Override
	public void closeConnection(String hub, String connectionId, String reason) {
		LocalConnection connection = this.hubs.connection(hub, connectionId);
		if (connection != null) {
			this.dispatcher.closeOnRequest(connection, reason);
		}
	}

	private void close(Stream<LocalConnection> connections, List<String> excluded, String reason) {
		connections.filter((connection) -> !excluded.contains(connection.id()))
			.toList()
			.forEach((connection) -> this.dispatcher.closeOnRequest(connection, reason));
	}

	@Override
	public boolean connectionExists(String hub, String connectionId) {
		return this.hubs.connection(hub, connectionId) != null;
	}

	@Override
	public boolean userExists(String hub, String userId) {
		return this.hubs.stream(hub, (state) -> state.user(userId)).findAny().isPresent();
	}

	@Override
	public boolean groupExists(String hub, String group) {
		Instant now = this.hubs.now();
		return this.hubs.stream(hub, (state) -> state.group(group, now)).findAny().isPresent();
	}

	@Override
	public boolean userInGroup(String hub, String userId, String group) {
		return this.hubs.hub(hub).userInGroup(userId, group, this.hubs.now());
	}

	@Override
	public boolean addToGroup(String hub, String group, String connectionId) {
		return this.hubs.hub(hub).addToGroup(group, connectionId);
	}

	@Override
	public boolean removeFromGroup(String hub, String group, String connectionId) {
		this.hubs.hub(hub).removeFromGroup(group, connectionId);
		return this.hubs.connection(hub, connectionId) != null;
	}

	@Override
	public void removeFromAllGroups(String hub, String connectionId) {
		this.hubs.hub(hub).removeFromAllGroups(connectionId);
	}

	@Override
	public void addUserToGroup(String hub, String userId, String group, @Nullable Instant expiry) {
		if (expiry != null) {
			this.hubs.hub(hub).addUserToGroup(userId, group, expiry);
		}
		else {
			this.hubs.hub(hub)
				.addUserToGroupWithoutTtl(userId, group, this.hubs.now().plus(LocalHubs.DEFAULT_USER_GROUP_TTL));
		}
	}

	@Override
	public void removeUserFromGroup(String hub, String userId, String group) {
		this.hubs.hub(hub).removeUserFromGroup(userId, group);
	}

	@Override
	public void removeUserFromAllGroups(String hub, String userId) {
		this.hubs.hub(hub).removeUserFromAllGroups(userId);
	}

	@Override
	public List<Member> groupMembers(String hub, String group) {
		Instant now = this.hubs.now();
		return this.hubs.stream(hub, (state) -> state.group(group, now))
			.map((connection) -> new Member(connection.id(), connection.userId()))
			.sorted(Comparator.comparing(Member::connectionId))
			.toList();
	}

	@Override
	public void execute(String hub, @Nullable ODataFilter filter, List<HubCommand> commands) {
		apply(hub, select(hub, filter), commands);
	}

	/**
	 * The connections of this replica a filter selects.
	 * @param filter the filter, null for every connection
	 * @return them
	 */
	public List<LocalConnection> select(String hub, @Nullable ODataFilter filter) {
		HubState state = this.hubs.existing(hub);
		return (state != null) ? select(state, filter) : List.of();
	}

	/**
	 * Applies commands, in order, to connections of this replica.
	 */
	public void apply(String hub, List<LocalConnection> selected, List<HubCommand> commands) {
		HubState state = this.hubs.hub(hub);
		for (HubCommand command : commands) {
			for (LocalConnection connection : selected) {
				switch (command) {
					case HubCommand.Send send -> connection.send(send.message());
					case HubCommand.Join join -> state.addToGroup(join.group(), connection.id());
					case HubCommand.Leave leave -> state.removeFromGroup(leave.group(), connection.id());
					case HubCommand.Close close -> this.dispatcher.closeOnRequest(connection,
							(close.reason() != null) ? close.reason() : "Closed by the server");
				}
			}
		}
	}

	private List<LocalConnection> select(HubState state, @Nullable ODataFilter filter) {
		if (filter == null) {
			return List.copyOf(state.connections());
		}
		Map<String, Set<String>> groups = state.groupsByConnection(this.hubs.now());
		List<LocalConnection> selected = new ArrayList<>();
		for (LocalConnection connection : state.connections()) {
			if (filter.matches(connection.id(), connection.userId(), groups.getOrDefault(connection.id(), Set.of()))) {
				selected.add(connection);
			}
		}
		return selected;
	}

	@Override
	public CompletableFuture<HubMessage.Completion> invoke(String hub, String connectionId, OutgoingMessage message) {
		LocalConnection connection = this.hubs.connection(hub, connectionId);
		HubProtocol protocol = (connection != null) ? connection.protocol() : null;
		if (connection == null || protocol == null) {
			throw new NoSuchConnectionException();
		}
		String id = "s" + this.invocationIds.incrementAndGet();
		CompletableFuture<HubMessage.Completion> answer = connection.expect(id, this.maxPendingInvocations);
		connection.send(protocol.invocation(id, message.target(), message.arguments()));
		return answer;
	}

	@Override
	public boolean streamItem(String hub, String connectionId, String streamId, JsonNode item, boolean last) {
		return stream(hub, connectionId, streamId, (connection, protocol) -> {
			connection.send(protocol.streamItem(streamId, item));
			if (last && connection.streamClosed(streamId)) {
				connection.send(protocol.completion(streamId));
			}
		});
	}

	@Override
	public boolean completeStream(String hub, String connectionId, String streamId, @Nullable String error) {
		return stream(hub, connectionId, streamId, (connection, protocol) -> {
			if (connection.streamClosed(streamId)) {
				connection
					.send((error != null) ? protocol.completionError(streamId, error) : protocol.completion(streamId));
			}
		});
	}

	private boolean stream(String hub, String connectionId, String streamId,
			BiConsumer<LocalConnection, HubProtocol> step) {
		LocalConnection connection = this.hubs.connection(hub, connectionId);
		HubProtocol protocol = (connection != null) ? connection.protocol() : null;
		if (connection == null || protocol == null || !connection.streamOpen(streamId)) {
			return false;
		}
		step.accept(connection, protocol);
		return true;
	}

}
