package dev.beacon.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.store.StoreOperations;
import dev.beacon.store.StoreProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One real {@code redis-server} (AOF, fsync every second) with a connected template, for
 * the store contract tests: each store gets a key prefix of its own, so it starts empty.
 */
public final class RedisStoreFixture implements AutoCloseable {

	private final RedisServer redis;

	private final LettuceConnectionFactory connections;

	private final StringRedisTemplate template;

	private final AtomicInteger prefixes = new AtomicInteger();

	private RedisStoreFixture(RedisServer redis) {
		this.redis = redis;
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.template = new StringRedisTemplate(this.connections);
	}

	public static RedisStoreFixture start() {
		return new RedisStoreFixture(RedisServer.start("everysec"));
	}

	public StringRedisTemplate template() {
		return this.template;
	}

	/** A key prefix no other store of this fixture uses. */
	public String newKeyPrefix() {
		return "test" + this.prefixes.incrementAndGet() + ":";
	}

	/** Store calls bounded by 2 s, metered into a registry of their own. */
	public StoreOperations operations(String keyPrefix) {
		return new StoreOperations(new SimpleMeterRegistry(),
				new StoreProperties(StoreProperties.Type.REDIS, Duration.ofSeconds(2), keyPrefix), Tracer.NOOP);
	}

	@Override
	public void close() {
		this.connections.destroy();
		this.redis.close();
	}

}
