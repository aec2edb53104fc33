package dev.beacon.endpoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The hubs, and in Azure mode the configured instances ({@link AzureEndpointsRegistrar}).
 */
@Configuration(proxyBeanMethods = false)
@Import(AzureEndpointsRegistrar.class)
class EndpointConfiguration {

	@Bean
	Hubs hubs(SignalRProperties properties) {
		return new Hubs(properties.hub(), properties.hubs(), properties.application());
	}

}
