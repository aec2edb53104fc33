package dev.beacon.local.client;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.local.hub.LocalConnection.ConnectionInfo;

/**
 * Connections negotiated but not yet connected by a transport, by the id the transport
 * requests will carry; forgotten after {@link #PENDING_TIMEOUT}.
 */
public final class PendingConnections {

	static final Duration PENDING_TIMEOUT = Duration.ofSeconds(15);

	private static final SecureRandom random = new SecureRandom();

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	void add(String id, ConnectionInfo info) {
		this.pending.put(id, new Pending(info, System.nanoTime()));
	}

	/**
	 * Takes the negotiation a transport request follows, once.
	 * @param id the id of the request
	 * @param hub the hub the request is for
	 * @param query the connect request's query, for upstream
	 * @return what negotiate established, with the query
	 * @throws UnknownConnectionException when no such negotiation is pending for the hub
	 */
	ConnectionInfo take(String id, String hub, String query) {
		Pending taken = this.pending.remove(id);
		if (taken == null || !taken.info().hub().equals(hub)) {
			throw new UnknownConnectionException();
		}
		ConnectionInfo info = taken.info();
		return new ConnectionInfo(info.connectionId(), info.connectionToken(), info.hub(), info.userId(), info.claims(),
				query);
	}

	/**
	 * Forgets negotiations no transport followed in time.
	 * @param now {@link System#nanoTime()}
	 */
	public void expire(long now) {
		this.pending.values().removeIf((entry) -> now - entry.createdNanos() > PENDING_TIMEOUT.toNanos());
	}

	static String randomId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private record Pending(ConnectionInfo info, long createdNanos) {
	}

}
