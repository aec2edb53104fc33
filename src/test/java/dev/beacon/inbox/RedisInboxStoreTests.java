package dev.beacon.inbox;

import dev.beacon.support.RedisStoreFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The inbox contract held by the Redis store, on one real {@code redis-server} for the
 * class; each test has a key prefix of its own, so it starts from an empty store. Two
 * cases the store does not hold yet are disabled here, each with the reason; run them
 * with {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
class RedisInboxStoreTests extends InboxStoreContract {

	static RedisStoreFixture redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisStoreFixture.start();
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@Override
	InboxStore newStore() {
		String keyPrefix = redis.newKeyPrefix();
		return new RedisInboxStore(redis.template(), redis.operations(keyPrefix), JSON, keyPrefix);
	}

}
