package dev.beacon.store;

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
				(spec) -> spec.supplier((context) -> redisHealth(context.bean(RedisConnectionFactory.class),
						context.bean(StoreOperations.class))));
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

	private static HealthIndicator redisHealth(RedisConnectionFactory connections, StoreOperations operations) {
		return () -> {
			try {
				operations.run("ping", () -> {
					try (var connection = connections.getConnection()) {
						connection.ping();
					}
				});
				return Health.up().withDetail("type", "redis").build();
			}
			catch (StoreUnavailableException ex) {
				return Health.down().withDetail("type", "redis").withDetail("error", ex.getMessage()).build();
			}
		};
	}

}
