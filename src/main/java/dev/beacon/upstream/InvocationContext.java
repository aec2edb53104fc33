package dev.beacon.upstream;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Who invoked a hub method, from the upstream request's headers, and a way to ask that
 * caller back.
 */
public final class InvocationContext {

	private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

	private static final Executor CALLS = (task) -> Thread.ofVirtual().name("beacon-client-result").start(task);

	private final String hub;

	private final String connectionId;

	private final @Nullable String userId;

	private final Map<String, List<String>> claims;

	private final Map<String, List<String>> query;

	private final @Nullable SignalRClient client;

	/**
	 * A caller that cannot be asked back (tests, a context made by hand).
	 * @param hub the hub, lower-cased
	 * @param connectionId the caller's connection
	 * @param userId the caller's user, if the connection has one
	 * @param claims the caller's token claims ({@code X-ASRS-User-Claims})
	 * @param query the query of the caller's connect request
	 * ({@code X-ASRS-Client-Query})
	 */
	public InvocationContext(String hub, String connectionId, @Nullable String userId, Map<String, List<String>> claims,
			Map<String, List<String>> query) {
		this(hub, connectionId, userId, claims, query, null);
	}

	InvocationContext(String hub, String connectionId, @Nullable String userId, Map<String, List<String>> claims,
			Map<String, List<String>> query, @Nullable SignalRClient client) {
		this.hub = hub;
		this.connectionId = connectionId;
		this.userId = userId;
		this.claims = claims;
		this.query = query;
		this.client = client;
	}

	/** The hub, lower-cased. */
	public String hub() {
		return this.hub;
	}

	/** The caller's connection. */
	public String connectionId() {
		return this.connectionId;
	}

	/** The caller's user, if the connection has one. */
	public @Nullable String userId() {
		return this.userId;
	}

	/** The caller's token claims ({@code X-ASRS-User-Claims}). */
	public Map<String, List<String>> claims() {
		return this.claims;
	}

	/** The query of the caller's connect request ({@code X-ASRS-Client-Query}). */
	public Map<String, List<String>> query() {
		return this.query;
	}

	/**
	 * Asks the caller's client back, as a client result: runs {@code target} on the
	 * caller's connection and completes with what its handler returned (useful for a
	 * confirmation before acting). The call runs on a virtual thread of its own; the
	 * future completes within {@code timeout} at the latest, failed with a
	 * {@link dev.beacon.restclient.SignalRClientResultException} when the client answered
	 * an error, left or did not answer.
	 * @param target the client-side method
	 * @param arguments its arguments
	 * @param timeout how long to wait, 1 s to 5 min
	 * @return the client's value, JSON
	 */
	public CompletableFuture<JsonNode> invokeClient(String target, List<?> arguments, Duration timeout) {
		SignalRClient signalr = this.client;
		if (signalr == null) {
			throw new IllegalStateException("This invocation context cannot reach its caller");
		}
		if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw new IllegalArgumentException("timeout must be from 1s to 5m");
		}
		SignalRMessage message = new SignalRMessage(target, arguments);
		return CompletableFuture.supplyAsync(() -> signalr.invoke(this.hub, this.connectionId, message, timeout),
				CALLS);
	}

	/** {@link #invokeClient(String, List, Duration)} with arguments given one by one. */
	public CompletableFuture<JsonNode> invokeClient(String target, Duration timeout, @Nullable Object... arguments) {
		return invokeClient(target, Arrays.asList(arguments), timeout);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof InvocationContext that && this.hub.equals(that.hub)
				&& this.connectionId.equals(that.connectionId) && Objects.equals(this.userId, that.userId)
				&& this.claims.equals(that.claims) && this.query.equals(that.query);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.hub, this.connectionId, this.userId, this.claims, this.query);
	}

	@Override
	public String toString() {
		return "InvocationContext[hub=" + this.hub + ", connectionId=" + this.connectionId + ", userId=" + this.userId
				+ "]";
	}

}
