package dev.beacon.presence;

import dev.beacon.support.RedisStoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The presence contract held by the Redis store, on one real {@code redis-server} for the
 * class; each test has a key prefix of its own, so it starts from an empty store.
 */
class RedisPresenceStoreTests extends PresenceStoreContract {

	@RegisterExtension
	static final RedisStoreFixture redis = new RedisStoreFixture();

	@Override
	PresenceStore newStore() {
		String keyPrefix = redis.newKeyPrefix();
		return new RedisPresenceStore(redis.template(), redis.operations(keyPrefix), keyPrefix);
	}

}
