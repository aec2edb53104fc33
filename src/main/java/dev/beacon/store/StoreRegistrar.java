package dev.beacon.store;

import java.time.Duration;
import java.util.Objects;

import dev.beacon.access.ApiAccessProperties;
import dev.beacon.system.InvalidSettingException;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The store's beans, chosen at startup from {@code beacon.store.type}. A registrar rather
 * than a condition: Spring AOT fixes conditions when the image is built, while the code
 * it generates runs this registrar again at every start with that run's settings, so one
 * image serves both stores. With Redis, API keys must be configured: generated ones would
 * differ per replica. Public only because the code Spring AOT generates creates it.
 */
public class StoreRegistrar implements BeanRegistrar {

	private static final Duration HEALTH_KEY_LIFETIME = Duration.ofMinutes(1);

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!isRedis(environment)) {
			registry.registerBean("storeHealthIndicator", HealthIndicator.class,
					(spec) -> spec.supplier((context) -> () -> Health.up().withDetail("type", "memory").build()));
			return;
		}
		registry.registerBean("redisConnectionFactory", LettuceConnectionFactory.class,
				(spec) -> spec.supplier((context) -> {
					requireApiKeys(context.bean(ApiAccessProperties.class));
					return RedisConnections.create(RedisSettings.bind(Binder.get(environment)),
							context.bean(StoreProperties.class).timeout());
				}));
		registry.registerBean("stringRedisTemplate", StringRedisTemplate.class, (spec) -> spec
			.supplier((context) -> new StringRedisTemplate(context.bean(RedisConnectionFactory.class))));
		registry.registerBean("storeHealthIndicator", HealthIndicator.class,
				(spec) -> spec.supplier((context) -> redisHealth(context.bean(StringRedisTemplate.class),
						context.bean(StoreOperations.class), context.bean(StoreProperties.class).keyPrefix())));
	}

	public static boolean isRedis(Environment environment) {
		return Binder.get(environment)
			.bind("beacon.store.type", StoreProperties.Type.class)
			.orElse(StoreProperties.Type.MEMORY) == StoreProperties.Type.REDIS;
	}

	private static void requireApiKeys(ApiAccessProperties access) {
		if (access.keys().isEmpty() && access.clients().isEmpty() && !access.auth().enabled()) {
			throw new InvalidSettingException("beacon.api.keys",
					"beacon.store.type=redis runs several replicas, and a key generated per start would differ "
							+ "on each: set beacon.api.keys (BEACON_API_KEYS) or beacon.api.clients to the same keys on "
							+ "every replica");
		}
	}

	// A write, not a ping: a replica left read-only by a failover, or a server out of
	// memory, still answers PING while every write Beacon makes fails
	private static HealthIndicator redisHealth(StringRedisTemplate redis, StoreOperations operations,
			String keyPrefix) {
		String key = keyPrefix + "health";
		return () -> {
			try {
				operations.run("health", () -> redis.opsForValue()
					.set(key, Long.toString(System.currentTimeMillis()), HEALTH_KEY_LIFETIME));
				return Health.up().withDetail("type", "redis").build();
			}
			catch (StoreUnavailableException ex) {
				Throwable fault = Objects.requireNonNull(ex.getCause(), "a StoreUnavailableException has its cause");
				return Health.down()
					.withDetail("type", "redis")
					.withDetail("error", "Redis " + StoreFault.describe(fault))
					.build();
			}
		};
	}

}
