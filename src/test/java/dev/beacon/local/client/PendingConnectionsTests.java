package dev.beacon.local.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.credential.AccessKey;
import dev.beacon.local.hub.LocalConnection.ConnectionInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Negotiated connections across replicas: a portable token opens a connection on any
 * replica sharing the key, once in the whole cluster, and not after it expired.
 */
class PendingConnectionsTests {

	private static final AccessKey KEY = new AccessKey("PENDINGPENDINGPENDINGPENDINGPENDING12345");

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	/** The cluster's ledger, as Redis keeps it: one for every replica. */
	private final Set<String> taken = ConcurrentHashMap.newKeySet();

	private final PendingConnections.Ledger ledger = (token, lifetime) -> this.taken.add(token);

	@Test
	void aTokenNegotiatedOnOneReplicaOpensAConnectionOnAnotherOnce() {
		PendingConnections negotiating = replica(NOW);
		PendingConnections other = replica(NOW.plusSeconds(1));
		PendingConnections third = replica(NOW.plusSeconds(1));
		String token = negotiate(negotiating, "c1");

		ConnectionInfo opened = other.take(token, "chat", "a=1", Map.of());

		assertThat(opened.connectionId()).isEqualTo("c1");
		assertThat(opened.query()).isEqualTo("a=1");
		assertThatExceptionOfType(UnknownConnectionException.class)
			.isThrownBy(() -> third.take(token, "chat", "", Map.of()));
		assertThatExceptionOfType(UnknownConnectionException.class)
			.as("the negotiating replica still holds it as pending")
			.isThrownBy(() -> negotiating.take(token, "chat", "", Map.of()));
	}

	@Test
	void aTokenWithItsExpiryRespelledOpensNoSecondConnection() {
		String token = negotiate(replica(NOW), "c5");
		String[] parts = token.split("\\.");
		PendingConnections other = replica(NOW.plusSeconds(1));
		other.take(token, "chat", "", Map.of());

		assertThatExceptionOfType(UnknownConnectionException.class)
			.isThrownBy(() -> other.take(parts[0] + ".+" + parts[1] + "." + parts[2], "chat", "", Map.of()));
		assertThatExceptionOfType(UnknownConnectionException.class)
			.isThrownBy(() -> other.take(parts[0] + ".0" + parts[1] + "." + parts[2], "chat", "", Map.of()));
		assertThat(this.taken).containsExactly(token);
	}

	@Test
	void aTokenOpensNothingOnceItsNegotiationExpired() {
		String token = negotiate(replica(NOW), "c2");
		PendingConnections later = replica(NOW.plus(PendingConnections.PENDING_TIMEOUT).plusSeconds(1));

		assertThatExceptionOfType(UnknownConnectionException.class)
			.isThrownBy(() -> later.take(token, "chat", "", Map.of()));
		assertThat(this.taken).isEmpty();
	}

	@Test
	void aTokenOpensNothingOnAnotherHub() {
		String token = negotiate(replica(NOW), "c3");

		assertThatExceptionOfType(UnknownConnectionException.class)
			.isThrownBy(() -> replica(NOW).take(token, "other", "", Map.of()));
	}

	@Test
	void oneReplicaAloneTakesItsOwnNegotiationOnce() {
		PendingConnections alone = new PendingConnections();
		String token = negotiate(alone, "c4");

		assertThat(alone.take(token, "chat", "", Map.of()).connectionId()).isEqualTo("c4");
		assertThatExceptionOfType(UnknownConnectionException.class)
			.isThrownBy(() -> alone.take(token, "chat", "", Map.of()));
	}

	private PendingConnections replica(Instant now) {
		return new PendingConnections(KEY, this.ledger, Clock.fixed(now, ZoneOffset.UTC));
	}

	private static String negotiate(PendingConnections replica, String connectionId) {
		String token = replica.connectionToken(connectionId, "chat");
		replica.add(token, new ConnectionInfo(connectionId, token, "chat", null, Map.of(), ""));
		return token;
	}

}
