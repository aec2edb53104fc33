package dev.beacon.inbox;

import dev.beacon.support.RedisStoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbox contract held by the Redis store, on one real {@code redis-server} for the
 * class; each test has a key prefix of its own, so it starts from an empty store. Two
 * cases the store does not hold yet are disabled here, each with the reason; run them
 * with {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
class RedisInboxStoreTests extends InboxStoreContract {

	@RegisterExtension
	static final RedisStoreFixture redis = new RedisStoreFixture();

	@Override
	InboxStore newStore() {
		String keyPrefix = redis.newKeyPrefix();
		return new RedisInboxStore(redis.template(), redis.operations(keyPrefix), JSON, keyPrefix);
	}

}
