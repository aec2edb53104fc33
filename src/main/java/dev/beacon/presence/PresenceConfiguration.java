package dev.beacon.presence;

import java.time.Clock;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.store.StoreOperations;
import dev.beacon.store.StoreProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Presence's parts, with the store chosen once from {@code beacon.store.type}; metrics
 * per hub and a health component that says when no connection event has ever arrived (the
 * upstream's {@code connections} category is not configured).
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

	@Bean
	PresenceStore presenceStore(StoreProperties store, ObjectProvider<StringRedisTemplate> redis,
			StoreOperations operations, JsonMapper jsonMapper) {
		return store.isRedis() ? new RedisPresenceStore(redis.getObject(), operations, store.keyPrefix())
				: new MemoryPresenceStore();
	}

	@Bean
	PresenceService presenceService(PresenceStore store, PresenceProperties properties, SignalRClient client, Hubs hubs,
			Clock clock, MeterRegistry meterRegistry) {
		PresenceService presence = new PresenceService(store, properties, client, hubs, clock, meterRegistry);
		if (properties.enabled()) {
			for (String hub : hubs.all()) {
				Gauge.builder("beacon.presence.connections", presence, (service) -> service.counts(hub).connections())
					.tag("hub", hub)
					.register(meterRegistry);
				Gauge.builder("beacon.presence.users", presence, (service) -> service.counts(hub).users())
					.tag("hub", hub)
					.register(meterRegistry);
			}
		}
		return presence;
	}

	@Bean
	PresenceReconciler presenceReconciler(PresenceService presence, PresenceProperties properties) {
		return new PresenceReconciler(presence, properties);
	}

	@Bean
	HealthIndicator presenceHealthIndicator(PresenceService presence, PresenceProperties properties) {
		return () -> {
			if (!properties.enabled()) {
				return Health.up().withDetail("enabled", false).build();
			}
			Health.Builder health = Health.up().withDetail("connectionEvents", presence.connectionEvents());
			return (presence.lastConnectionEvent() != null)
					? health.withDetail("lastConnectionEvent", presence.lastConnectionEvent().toString()).build()
					: health
						.withDetail("lastConnectionEvent",
								"none since start: in Azure mode the upstream "
										+ "needs the connections category (docs/api.md, Presence)")
						.build();
		};
	}

	/**
	 * Runs the reconciliation once a second.
	 */
	static final class PresenceReconciler {

		private final PresenceService presence;

		private final boolean enabled;

		PresenceReconciler(PresenceService presence, PresenceProperties properties) {
			this.presence = presence;
			this.enabled = properties.enabled();
		}

		@Scheduled(fixedDelay = 1000, initialDelay = 1000)
		void reconcile() {
			if (this.enabled) {
				this.presence.reconcile();
			}
		}

	}

}
