package dev.beacon.support;

import dev.beacon.system.ApiKeyProperties;
import dev.beacon.system.ApiKeys;
import dev.beacon.system.CorsProperties;
import dev.beacon.system.HttpProperties;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} slice of Beacon lacks. The slice takes the system package's
 * filters, advice and web configuration (API-key check, CORS, request guard, security
 * headers) as they are, but not their settings and API keys: the application's
 * {@code @ConfigurationPropertiesScan} does not reach into a slice. Feature beans a
 * controller needs (hubs, the SignalR client) stay with each test.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ApiKeyProperties.class, CorsProperties.class, HttpProperties.class,
		WebEndpointProperties.class })
@Import(ApiKeys.class)
public class WebSliceConfiguration {

}
