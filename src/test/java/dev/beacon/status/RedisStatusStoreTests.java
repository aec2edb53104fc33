package dev.beacon.status;

import dev.beacon.support.RedisStoreFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status contract held by the store every replica shares, on one real
 * {@code redis-server} for the class; each store has a key prefix of its own, so it
 * starts empty. Beside the contract: two stores on one prefix, as two replicas are, share
 * one order and one history.
 */
class RedisStatusStoreTests extends StatusStoreContract {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final RedisStoreFixture redis = new RedisStoreFixture();

	@Override
	StatusStore newStore(StatusEvent initial, int historySize) {
		return store(redis.newKeyPrefix(), initial, historySize);
	}

	@Test
	void twoReplicasOnOnePrefixShareOneOrderAndOneHistory() {
		String keyPrefix = redis.newKeyPrefix();
		StatusStore a = store(keyPrefix, INITIAL, HISTORY_SIZE);
		StatusStore b = store(keyPrefix, INITIAL, HISTORY_SIZE);

		StatusEvent fromA = event(a.nextSequence(), "degraded");
		StatusEvent fromB = event(b.nextSequence(), "outage");
		b.record(fromB);
		a.record(fromA);

		assertThat(fromB.sequence()).isEqualTo(fromA.sequence() + 1);
		assertThat(a.current()).isEqualTo(fromB);
		assertThat(b.history(10)).containsExactly(fromB, fromA);
	}

	private static StatusStore store(String keyPrefix, StatusEvent initial, int historySize) {
		return new RedisStatusStore(redis.template(), redis.operations(keyPrefix), JSON, keyPrefix, initial,
				historySize);
	}

}
