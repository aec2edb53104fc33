package dev.beacon.inbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.store.StoreOperations;
import dev.beacon.store.StoreProperties;
import dev.beacon.support.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The inbox contract held by the Redis store, on one real {@code redis-server} for the
 * class; each test has a key prefix of its own, so it starts from an empty store. Two
 * cases the store does not hold yet are disabled here, each with the reason; run them
 * with {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
class RedisInboxStoreTests extends InboxStoreContract {

	static final AtomicInteger tests = new AtomicInteger();

	static RedisServer redis;

	static LettuceConnectionFactory connections;

	static StringRedisTemplate template;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start("everysec");
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		connections.afterPropertiesSet();
		connections.start();
		template = new StringRedisTemplate(connections);
	}

	@AfterAll
	static void stopRedis() {
		if (connections != null) {
			connections.destroy();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Override
	InboxStore newStore() {
		String keyPrefix = "test" + tests.incrementAndGet() + ":";
		StoreProperties properties = new StoreProperties(StoreProperties.Type.REDIS, Duration.ofSeconds(2), keyPrefix);
		return new RedisInboxStore(template, new StoreOperations(new SimpleMeterRegistry(), properties), JSON,
				keyPrefix);
	}

}
