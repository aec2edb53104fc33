package dev.beacon.local.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import org.jspecify.annotations.Nullable;

/**
 * The local service's state: hubs by lower-cased name, and connections by their secret
 * token for transport requests. Messages are serialised once per send and protocol
 * ({@link OutgoingMessage}), then queued to each recipient.
 */
public final class LocalHubs {

	/** The service keeps a user in a group for at most a year when no TTL is given. */
	public static final Duration DEFAULT_USER_GROUP_TTL = Duration.ofDays(365);

	/**
	 * Of the groups a user joined without a TTL, the service keeps the latest updated
	 * hundred (the data-plane Swagger, {@code ttl} of add user to group).
	 */
	public static final int MAX_USER_GROUPS_WITHOUT_TTL = 100;

	private static final Listener.Refusal DRAINING = new Listener.Refusal(
			"This replica is shutting down; connect again to reach another.");

	private static final Listener.Refusal DUPLICATE = new Listener.Refusal("This connection is open already.");

	private final Map<String, HubState> hubs = new ConcurrentHashMap<>();

	private final Map<String, LocalConnection> byToken = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Consumer<LocalConnection> onRemoved;

	private volatile Listener listener = new Listener() {
	};

	private volatile boolean draining;

	public LocalHubs(Clock clock, Consumer<LocalConnection> onRemoved) {
		this.clock = clock;
		this.onRemoved = onRemoved;
	}

	public HubState hub(String hub) {
		return this.hubs.computeIfAbsent(hub, (key) -> new HubState());
	}

	public @Nullable HubState existing(String hub) {
		return this.hubs.get(hub);
	}

	public void attach(LocalConnection connection) {
		this.byToken.put(connection.info().connectionToken(), connection);
	}

	public @Nullable LocalConnection byToken(String token) {
		return this.byToken.get(token);
	}

	/**
	 * After a successful handshake: the connection joins its hub and the listener hears
	 * of it (a cluster registers it and subscribes for it) before the client gets the
	 * handshake's response, so a message sent once the client knows it is connected
	 * reaches it. If the listener refuses it, it is taken out again, with no event. A
	 * connection whose id is live here already is refused before anyone hears of it; the
	 * live one keeps its place and its groups.
	 * @return why the connection was refused (its handshake is to fail), or null when it
	 * is active
	 */
	public Listener.@Nullable Refusal activate(LocalConnection connection, HubProtocol protocol, HubPayload response) {
		if (this.draining) {
			// Negotiated on another replica (its token is good on any) and opened here
			// after the drain took its list of connections to close: it would be cut off
			// without a Close when the server stops
			this.byToken.remove(connection.info().connectionToken(), connection);
			return DRAINING;
		}
		HubState state = hub(connection.info().hub());
		if (!state.add(connection)) {
			this.byToken.remove(connection.info().connectionToken(), connection);
			return DUPLICATE;
		}
		Listener.Refusal refusal = this.listener.activated(connection);
		if (refusal != null) {
			state.remove(connection);
			this.byToken.remove(connection.info().connectionToken(), connection);
			return refusal;
		}
		connection.handshaken(protocol, response);
		return null;
	}

	/**
	 * Hears of connections as they start and end here (a cluster registers them in
	 * Redis); one listener.
	 */
	public void listen(Listener listener) {
		this.listener = listener;
	}

	public void remove(LocalConnection connection) {
		remove(connection, true);
	}

	/**
	 * Takes out a connection the upstream was told ended already (by another replica): no
	 * second event.
	 */
	public void forget(LocalConnection connection) {
		remove(connection, false);
	}

	private void remove(LocalConnection connection, boolean report) {
		this.byToken.remove(connection.info().connectionToken(), connection);
		HubState state = this.hubs.get(connection.info().hub());
		if (state != null && state.connection(connection.id()) == connection) {
			state.remove(connection);
			try {
				this.listener.removed(connection);
			}
			finally {
				if (report) {
					this.onRemoved.accept(connection);
				}
			}
		}
	}

	/** From now on this replica takes no new connections: it is shutting down. */
	public void drain() {
		this.draining = true;
	}

	/** Takes new connections again (the lifecycle started again after a stop). */
	public void resume() {
		this.draining = false;
	}

	public boolean draining() {
		return this.draining;
	}

	public Collection<LocalConnection> all() {
		return this.byToken.values();
	}

	public Instant now() {
		return this.clock.instant();
	}

	public void sendToAll(String hub, OutgoingMessage message, List<String> excluded) {
		stream(hub, (state) -> state.connections().stream()).filter((c) -> !excluded.contains(c.id()))
			.forEach((c) -> c.send(message));
	}

	public void sendToUser(String hub, String userId, OutgoingMessage message) {
		stream(hub, (state) -> state.user(userId)).forEach((c) -> c.send(message));
	}

	public void sendToGroup(String hub, String group, OutgoingMessage message, List<String> excluded) {
		Instant now = now();
		stream(hub, (state) -> state.group(group, now)).filter((c) -> !excluded.contains(c.id()))
			.forEach((c) -> c.send(message));
	}

	public boolean sendToConnection(String hub, String connectionId, OutgoingMessage message) {
		LocalConnection connection = connection(hub, connectionId);
		if (connection == null) {
			return false;
		}
		connection.send(message);
		return true;
	}

	public @Nullable LocalConnection connection(String hub, String connectionId) {
		HubState state = this.hubs.get(hub);
		return (state != null) ? state.connection(connectionId) : null;
	}

	public Stream<LocalConnection> stream(String hub,
			java.util.function.Function<HubState, Stream<LocalConnection>> select) {
		HubState state = this.hubs.get(hub);
		return (state != null) ? select.apply(state) : Stream.empty();
	}

	/** Removes closed connections and expired user-group memberships. */
	public void sweep() {
		Instant now = now();
		this.hubs.values().forEach((state) -> {
			state.closedConnections().forEach(this::remove);
			state.expire(now);
		});
	}

	/**
	 * What happens to the connections of this replica.
	 */
	public interface Listener {

		/**
		 * A connection finished its handshake: it receives messages once the client has
		 * the response.
		 * @return null, or why the connection is refused instead
		 */
		default @Nullable Refusal activated(LocalConnection connection) {
			return null;
		}

		/** A connection ended and was taken out of its hub. */
		default void removed(LocalConnection connection) {
		}

		/** Why a connection cannot be active: the error its handshake answers. */
		record Refusal(String error) {
		}

	}

}
