package dev.beacon.local.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import dev.beacon.local.hub.ConnectionClosedException;
import dev.beacon.local.hub.LocalHubOperations;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.hub.NoSuchConnectionException;
import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.local.hub.TooManyInvocationsException;
import dev.beacon.protocol.HubMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls that need one connection's answer (client results) or its open stream: made here
 * when this replica owns the connection, else sent to its owner's channel and answered by
 * the owner's {@link ClusterReceiver}.
 */
final class ClusterCalls {

	private static final Duration CONFIRM = Duration.ofSeconds(5);

	private static final Executor CALLS = (task) -> Thread.ofVirtual().name("beacon-cluster-call").start(task);

	private final LocalHubOperations local;

	private final LocalHubs hubs;

	private final ClusterState state;

	private final ClusterBus bus;

	private final ClusterKeys keys;

	private final ClusterMessages messages;

	private final Duration invocationTimeout;

	ClusterCalls(LocalHubOperations local, LocalHubs hubs, ClusterState state, ClusterBus bus, ClusterKeys keys,
			ClusterMessages messages, Duration invocationTimeout) {
		this.local = local;
		this.hubs = hubs;
		this.state = state;
		this.bus = bus;
		this.keys = keys;
		this.messages = messages;
		this.invocationTimeout = invocationTimeout;
	}

	public CompletableFuture<HubMessage.Completion> invoke(String hub, String connectionId, OutgoingMessage message) {
		if (isLocal(hub, connectionId)) {
			return this.local.invoke(hub, connectionId, message);
		}
		if (this.state.owner(hub, connectionId) == null) {
			throw new NoSuchConnectionException();
		}
		ObjectNode request = this.messages.of("invoke", hub)
			.put("connection", connectionId)
			.put("target", message.target());
		request.set("arguments", message.arguments());
		return CompletableFuture
			.supplyAsync(() -> this.bus.request(this.keys.connectionChannel(hub, connectionId), request,
					this.invocationTimeout.plusSeconds(1)), CALLS)
			.thenApply((answer) -> completion(answer));
	}

	private static HubMessage.Completion completion(JsonNode answer) {
		if (!answer.path("found").asBoolean(true)) {
			throw new CompletionException(new NoSuchConnectionException());
		}
		if (answer.path("tooMany").asBoolean(false)) {
			throw new CompletionException(new TooManyInvocationsException(0));
		}
		if (answer.path("timedOut").asBoolean(false)) {
			throw new CompletionException(new TimeoutException());
		}
		if (answer.path("closed").asBoolean(false)) {
			throw new CompletionException(new ConnectionClosedException());
		}
		String error = ClusterMessages.text(answer, "error");
		return new HubMessage.Completion("", answer.has("result") ? answer.path("result") : NullNode.getInstance(),
				error);
	}

	public boolean streamItem(String hub, String connectionId, String streamId, JsonNode item, boolean last) {
		if (isLocal(hub, connectionId)) {
			return this.local.streamItem(hub, connectionId, streamId, item, last);
		}
		ObjectNode request = stream(hub, connectionId, streamId).put("last", last);
		request.set("item", item);
		return this.bus.request(this.keys.connectionChannel(hub, connectionId), request, CONFIRM)
			.path("found")
			.asBoolean(false);
	}

	public boolean completeStream(String hub, String connectionId, String streamId, @Nullable String error) {
		if (isLocal(hub, connectionId)) {
			return this.local.completeStream(hub, connectionId, streamId, error);
		}
		ObjectNode request = stream(hub, connectionId, streamId).put("complete", true).put("error", error);
		return this.bus.request(this.keys.connectionChannel(hub, connectionId), request, CONFIRM)
			.path("found")
			.asBoolean(false);
	}

	private ObjectNode stream(String hub, String connectionId, String streamId) {
		return this.messages.of("stream", hub).put("connection", connectionId).put("stream", streamId);
	}

	private boolean isLocal(String hub, String connectionId) {
		return this.hubs.connection(hub, connectionId) != null;
	}

}
