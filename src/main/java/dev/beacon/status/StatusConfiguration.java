package dev.beacon.status;

import java.time.Clock;

import dev.beacon.endpoint.Hubs;
import dev.beacon.publish.SignalRClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The status feature's parts, with the store chosen here.
 */
@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

	@Bean
	StatusStore statusStore(StatusProperties properties, Clock clock) {
		StatusEvent initial = new StatusEvent("default", clock.instant(), properties.defaultStatus(),
				properties.defaultMessage(), null);
		return new MemoryStatusStore(initial, properties.historySize());
	}

	@Bean
	StatusService statusService(SignalRClient client, Hubs hubs, Clock clock, MeterRegistry meterRegistry,
			StatusStore store) {
		return new StatusService(client, hubs, clock, meterRegistry, store);
	}

}
