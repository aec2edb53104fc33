package dev.beacon.store;

import java.time.Duration;

import dev.beacon.system.ApiKeyProperties;
import dev.beacon.system.InvalidSettingException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The store chosen once at startup from {@code beacon.store.type}. With Redis, every call
 * is bounded by {@code beacon.store.timeout} (Lettuce would otherwise queue commands
 * while it reconnects and answer a minute later) and refused at once while disconnected,
 * and API keys must be configured: generated ones would differ per replica.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	Replica replica() {
		return Replica.fromEnvironment(System.getenv());
	}

	@Bean
	StoreOperations storeOperations(MeterRegistry meterRegistry, StoreProperties properties) {
		return new StoreOperations(meterRegistry, properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "beacon.store.type", havingValue = "redis")
	static class RedisStoreConfiguration {

		RedisStoreConfiguration(ApiKeyProperties apiKeys) {
			if (apiKeys.keys().isEmpty()) {
				throw new InvalidSettingException("beacon.api.keys",
						"beacon.store.type=redis runs several replicas, and a key generated per start would differ "
								+ "on each: set beacon.api.keys (BEACON_API_KEYS) to the same keys on every replica");
			}
		}

		@Bean
		LettuceClientConfigurationBuilderCustomizer storeTimeouts(StoreProperties properties) {
			Duration timeout = properties.timeout();
			return (builder) -> builder.commandTimeout(timeout)
				.clientOptions(ClientOptions.builder()
					.autoReconnect(true)
					.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
					.socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
					.timeoutOptions(TimeoutOptions.enabled(timeout))
					.build());
		}

		@Bean
		HealthIndicator storeHealthIndicator(RedisConnectionFactory connections, StoreOperations operations) {
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

	@Bean
	@ConditionalOnProperty(name = "beacon.store.type", havingValue = "memory", matchIfMissing = true)
	HealthIndicator storeHealthIndicator() {
		return () -> Health.up().withDetail("type", "memory").build();
	}

}
