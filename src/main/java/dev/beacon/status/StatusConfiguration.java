package dev.beacon.status;

import java.time.Clock;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.store.Replica;
import dev.beacon.store.StoreOperations;
import dev.beacon.store.StoreProperties;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The status feature's parts, with the store and the broadcast gate chosen once from
 * {@code beacon.store.type}: in memory for one replica, in Redis for several.
 */
@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

	@Bean
	StatusStore statusStore(StatusProperties properties, StoreProperties store, Clock clock,
			ObjectProvider<StringRedisTemplate> redis, StoreOperations operations, JsonMapper jsonMapper) {
		StatusEvent initial = new StatusEvent("default", null, clock.instant(), properties.defaultStatus(),
				properties.defaultMessage(), null);
		return store.isRedis() ? new RedisStatusStore(redis.getObject(), operations, jsonMapper, store.keyPrefix(),
				initial, properties.historySize()) : new MemoryStatusStore(initial, properties.historySize());
	}

	@Bean
	StatusService statusService(SignalRClient client, Hubs hubs, Clock clock, MeterRegistry meterRegistry,
			StatusStore store, ApplicationEventPublisher events) {
		return new StatusService(client, hubs, clock, meterRegistry, store, events);
	}

	@Bean
	StatusBroadcastJob statusBroadcastJob(StatusService statusService, StatusProperties properties,
			StoreProperties store, ObjectProvider<RedisConnectionFactory> redis, Clock clock,
			MeterRegistry meterRegistry, Replica replica) {
		BroadcastGate gate = store.isRedis() ? new LockingBroadcastGate(
				new RedisLockProvider.Builder(redis.getObject()).keyPrefix(store.keyPrefix() + "lock")
					.environment("beacon")
					.build(),
				properties.broadcastInterval()) : BroadcastGate.ALWAYS;
		return new StatusBroadcastJob(statusService, gate, properties, clock, meterRegistry, replica);
	}

}
