package dev.beacon.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.store.StoreOperations;
import dev.beacon.store.StoreProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One real {@code redis-server} (AOF, fsync every second) with a connected template, for
 * the store contract tests: each store gets a key prefix of its own, so it starts empty.
 * A JUnit extension: {@code @RegisterExtension static final RedisStoreFixture redis = new
 * RedisStoreFixture();} starts it before the class's first test and stops it after its
 * last.
 */
public final class RedisStoreFixture implements BeforeAllCallback, AfterAllCallback {

	private final AtomicInteger prefixes = new AtomicInteger();

	private @Nullable RedisServer redis;

	private @Nullable LettuceConnectionFactory connections;

	private @Nullable StringRedisTemplate template;

	@Override
	public void beforeAll(ExtensionContext context) {
		RedisServer started = RedisServer.start("everysec");
		this.redis = started;
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", started.port()));
		connections.afterPropertiesSet();
		connections.start();
		this.connections = connections;
		this.template = new StringRedisTemplate(connections);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.connections != null) {
			this.connections.destroy();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	public StringRedisTemplate template() {
		StringRedisTemplate started = this.template;
		if (started == null) {
			throw new IllegalStateException("redis-server has not been started");
		}
		return started;
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

}
