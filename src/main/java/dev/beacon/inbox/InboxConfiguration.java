package dev.beacon.inbox;

import java.time.Clock;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.store.StoreOperations;
import dev.beacon.store.StoreProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The inbox's parts, with the store chosen once from {@code beacon.store.type}, and a
 * gauge of pending messages per hub.
 */
@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

	@Bean
	InboxStore inboxStore(StoreProperties store, ObjectProvider<StringRedisTemplate> redis, StoreOperations operations,
			JsonMapper jsonMapper) {
		return store.isRedis() ? new RedisInboxStore(redis.getObject(), operations, jsonMapper, store.keyPrefix())
				: new MemoryInboxStore();
	}

	@Bean
	InboxService inboxService(InboxStore store, InboxProperties properties, SignalRClient client, Clock clock,
			MeterRegistry meterRegistry, Hubs hubs) {
		InboxService inbox = new InboxService(store, properties, client, clock, meterRegistry);
		if (properties.enabled()) {
			for (String hub : hubs.all()) {
				Gauge.builder("beacon.inbox.pending", inbox, (service) -> service.pendingCount(hub))
					.tag("hub", hub)
					.register(meterRegistry);
			}
		}
		return inbox;
	}

	@Bean
	InboxKeeper inboxKeeper(InboxService inbox) {
		return new InboxKeeper(inbox);
	}

	@Bean
	InboxHubMethods inboxHubMethods(InboxService inbox) {
		return new InboxHubMethods(inbox);
	}

}
