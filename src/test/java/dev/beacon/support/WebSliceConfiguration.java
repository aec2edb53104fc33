package dev.beacon.support;

import dev.beacon.access.ApiAccessProperties;
import dev.beacon.access.ApiKeys;
import dev.beacon.access.Callers;
import dev.beacon.system.CorsProperties;
import dev.beacon.system.HttpProperties;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} slice of Beacon lacks. The slice takes the system and access
 * packages' filters, advice and web configuration (scope check, CORS, request guard,
 * security headers) as they are, but not their settings, keys and callers: the
 * application's {@code @ConfigurationPropertiesScan} does not reach into a slice. Feature
 * beans a controller needs (hubs, the SignalR client) stay with each test.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ApiAccessProperties.class, CorsProperties.class, HttpProperties.class,
		WebEndpointProperties.class })
@Import({ ApiKeys.class, Callers.class })
public class WebSliceConfiguration {

}
