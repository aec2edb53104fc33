package dev.beacon.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The store's parts every store needs; the store itself is chosen at startup by
 * {@link StoreRegistrar}.
 */
@Configuration(proxyBeanMethods = false)
@Import(StoreRegistrar.class)
class StoreConfiguration {

	@Bean
	Replica replica() {
		return Replica.fromEnvironment(System.getenv());
	}

	@Bean
	StoreOperations storeOperations(MeterRegistry meterRegistry, StoreProperties properties,
			ObjectProvider<Tracer> tracer) {
		return new StoreOperations(meterRegistry, properties, tracer.getIfAvailable(() -> Tracer.NOOP));
	}

}
