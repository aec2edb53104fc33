package dev.beacon.messages;

import java.util.List;

import dev.beacon.endpoint.Hubs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What the message endpoints' web slices need besides the controller: the hubs
 * ({@code notifications}, the default, and {@code Chat}) and a meter registry to read
 * counts from.
 */
@TestConfiguration(proxyBeanMethods = false)
class MessagesSliceConfiguration {

	@Bean
	Hubs hubs() {
		return new Hubs("notifications", List.of("Chat"));
	}

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

}
