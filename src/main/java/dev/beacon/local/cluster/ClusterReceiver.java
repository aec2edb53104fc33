package dev.beacon.local.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.beacon.local.hub.ConnectionClosedException;
import dev.beacon.local.hub.HubCommand;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubOperations;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.hub.NoSuchConnectionException;
import dev.beacon.local.hub.TooManyInvocationsException;
import dev.beacon.protocol.ODataFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this replica does with what another replica (or itself) published: delivers to and
 * closes its own connections, applies membership changes of its connections (confirming
 * them, so the caller answers only once they hold), runs commands and client results for
 * its connections. Runs on one thread, in the order Redis delivered.
 */
final class ClusterReceiver {

	private final LocalHubOperations local;

	private final LocalHubs hubs;

	private final ClusterState state;

	private final ClusterMembers members;

	private final ClusterBus bus;

	/** How long a client result is waited for here, as the asking replica waits. */
	private final Duration invocationTimeout;

	ClusterReceiver(LocalHubOperations local, LocalHubs hubs, ClusterState state, ClusterMembers members,
			ClusterBus bus, Duration invocationTimeout) {
		this.local = local;
		this.hubs = hubs;
		this.state = state;
		this.members = members;
		this.bus = bus;
		this.invocationTimeout = invocationTimeout;
	}

	void receive(JsonNode message) {
		String hub = message.path("hub").asString();
		switch (message.path("op").asString()) {
			case "send" -> send(hub, message);
			case "close" -> close(hub, message);
			case "join", "leave", "leaveAll" -> group(hub, message);
			case "userJoin", "userLeave", "userLeaveAll" -> userGroup(hub, message);
			case "execute" -> execute(hub, message);
			case "invoke" -> invoke(hub, message);
			case "stream" -> stream(hub, message);
			default -> {
			}
		}
	}

	private void send(String hub, JsonNode message) {
		String to = message.path("to").asString();
		List<String> excluded = ClusterMessages.excluded(message);
		var outgoing = ClusterMessages.message(message);
		switch (message.path("kind").asString()) {
			case "all" -> this.local.sendToAll(hub, outgoing, excluded);
			case "user" -> this.local.sendToUser(hub, to, outgoing);
			case "group" -> this.local.sendToGroup(hub, to, outgoing, excluded);
			default -> this.local.sendToConnection(hub, to, outgoing);
		}
	}

	private void close(String hub, JsonNode message) {
		String to = message.path("to").asString();
		List<String> excluded = ClusterMessages.excluded(message);
		String reason = message.path("reason").asString();
		switch (message.path("kind").asString()) {
			case "all" -> this.local.closeAll(hub, excluded, reason);
			case "user" -> this.local.closeUser(hub, to, excluded, reason);
			case "group" -> this.local.closeGroup(hub, to, excluded, reason);
			default -> this.local.closeConnection(hub, to, reason);
		}
	}

	private void group(String hub, JsonNode message) {
		String connectionId = message.path("connection").asString();
		String group = message.path("group").asString();
		boolean found = switch (message.path("op").asString()) {
			case "join" -> this.local.addToGroup(hub, group, connectionId);
			case "leave" -> this.local.removeFromGroup(hub, group, connectionId);
			default -> {
				this.local.removeFromAllGroups(hub, connectionId);
				yield this.local.connectionExists(hub, connectionId);
			}
		};
		LocalConnection connection = this.hubs.connection(hub, connectionId);
		if (connection != null) {
			this.members.recompute(connection);
		}
		this.bus.answer(message, this.bus.ack().put("found", found));
	}

	private void userGroup(String hub, JsonNode message) {
		String user = message.path("user").asString();
		String group = message.path("group").asString();
		switch (message.path("op").asString()) {
			case "userJoin" ->
				this.local.addUserToGroup(hub, user, group, Instant.ofEpochMilli(message.path("expiry").asLong()));
			case "userLeave" -> {
				this.local.removeUserFromGroup(hub, user, group);
				this.hubs.stream(hub, (hubState) -> hubState.user(user))
					.forEach((connection) -> this.state.groups().left(hub, group, connection.id()));
			}
			default -> {
				this.local.removeUserFromAllGroups(hub, user);
				this.hubs.stream(hub, (hubState) -> hubState.user(user))
					.forEach((connection) -> this.state.groups().leftAll(hub, connection.id()));
			}
		}
		this.members.recomputeUser(hub, user);
		this.bus.answer(message, this.bus.ack());
	}

	private void execute(String hub, JsonNode message) {
		String filter = ClusterMessages.text(message, "filter");
		List<LocalConnection> selected = this.local.select(hub, (filter != null) ? ODataFilter.parse(filter) : null);
		List<HubCommand> commands = ClusterMessages.commands(message);
		this.local.apply(hub, selected, commands);
		this.state.groups().commanded(hub, selected.stream().map(LocalConnection::id).toList(), commands);
		selected.forEach(this.members::recompute);
		this.bus.answer(message, this.bus.ack());
	}

	private void invoke(String hub, JsonNode message) {
		try {
			this.local.invoke(hub, message.path("connection").asString(), ClusterMessages.message(message))
				.orTimeout(this.invocationTimeout.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((completion, failure) -> {
					ObjectNode answer = this.bus.ack();
					Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
					if (cause instanceof TimeoutException) {
						answer.put("timedOut", true);
					}
					else if (cause instanceof ConnectionClosedException || (failure != null && completion == null)) {
						answer.put("closed", true);
					}
					else if (completion.error() != null) {
						answer.put("error", completion.error());
					}
					else {
						answer.set("result", completion.result());
					}
					this.bus.answer(message, answer);
				});
		}
		catch (NoSuchConnectionException ex) {
			this.bus.answer(message, this.bus.ack().put("found", false));
		}
		catch (TooManyInvocationsException ex) {
			this.bus.answer(message, this.bus.ack().put("tooMany", true));
		}
	}

	private void stream(String hub, JsonNode message) {
		String connectionId = message.path("connection").asString();
		String streamId = message.path("stream").asString();
		boolean found = message.path("complete").asBoolean()
				? this.local.completeStream(hub, connectionId, streamId, ClusterMessages.text(message, "error"))
				: this.local.streamItem(hub, connectionId, streamId, message.path("item"),
						message.path("last").asBoolean());
		this.bus.answer(message, this.bus.ack().put("found", found));
	}

}
