package dev.beacon.local.client;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.credential.AccessKey;
import dev.beacon.local.hub.LocalConnection.ConnectionInfo;
import dev.beacon.protocol.ClientClaims;
import org.jspecify.annotations.Nullable;

/**
 * Connections negotiated but not yet connected by a transport, by the id the transport
 * requests will carry; forgotten after {@link #PENDING_TIMEOUT}. In a cluster of replicas
 * the id is a {@link PortableTokens portable token}, so a transport may connect to
 * another replica than the one that negotiated; a {@link Ledger} shared by the replicas
 * lets each token be taken once in the whole cluster.
 */
public final class PendingConnections {

	static final Duration PENDING_TIMEOUT = Duration.ofSeconds(15);

	private static final SecureRandom random = new SecureRandom();

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final @Nullable PortableTokens portable;

	private final Ledger ledger;

	private final Clock clock;

	/** One replica: ids are random and known only where negotiated. */
	public PendingConnections() {
		this.portable = null;
		this.ledger = (token, lifetime) -> true;
		this.clock = Clock.systemUTC();
	}

	/**
	 * A replica of a cluster whose replicas share an access key and a ledger of the
	 * tokens taken.
	 */
	public PendingConnections(AccessKey key, Ledger ledger, Clock clock) {
		this.portable = new PortableTokens(key);
		this.ledger = ledger;
		this.clock = clock;
	}

	/** The id a negotiated connection's transport requests carry. */
	String connectionToken(String connectionId, String hub) {
		return (this.portable != null)
				? this.portable.issue(connectionId, hub, this.clock.instant().plus(PENDING_TIMEOUT).getEpochSecond())
				: randomId();
	}

	void add(String id, ConnectionInfo info) {
		this.pending.put(id, new Pending(info, System.nanoTime()));
	}

	/**
	 * Takes the negotiation a transport request follows, once.
	 * @param id the id of the request
	 * @param hub the hub the request is for
	 * @param query the connect request's query, for upstream
	 * @param claims the claims of the transport request's token, for a portable token
	 * @return what negotiate established, with the query
	 * @throws UnknownConnectionException when no such negotiation is pending for the hub,
	 * or its token was taken already (here or on another replica)
	 */
	ConnectionInfo take(String id, String hub, String query, Map<String, Object> claims) {
		Pending taken = this.pending.remove(id);
		if (taken == null && this.portable != null) {
			String connectionId = this.portable.verify(id, hub, this.clock.instant().getEpochSecond());
			if (connectionId != null && this.ledger.firstUse(id, PENDING_TIMEOUT)) {
				return new ConnectionInfo(connectionId, id, hub, ClientClaims.userId(claims), Map.copyOf(claims),
						query);
			}
		}
		if (taken == null || !taken.info().hub().equals(hub) || !this.ledger.firstUse(id, PENDING_TIMEOUT)) {
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

	/**
	 * The portable tokens taken on any replica of a cluster, each remembered as long as
	 * it could be valid.
	 */
	@FunctionalInterface
	public interface Ledger {

		/**
		 * Records a token as taken.
		 * @param token the token
		 * @param lifetime how long it could still be valid
		 * @return true the first time a token is recorded, false after
		 */
		boolean firstUse(String token, Duration lifetime);

	}

}
