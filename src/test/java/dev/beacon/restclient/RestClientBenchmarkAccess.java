package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;

import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

/**
 * Builds the REST client exactly as the application does, with its default settings, for
 * benchmarks in another package.
 */
public final class RestClientBenchmarkAccess {

	private RestClientBenchmarkAccess() {
	}

	public static SignalRRestClient client(ServiceEndpointProvider endpoints, AccessTokenIssuer tokens,
			MeterRegistry meterRegistry) {
		RestClientProperties defaults = new RestClientProperties(
				Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(5), new RestClientProperties.Retry(3,
						Duration.ofMillis(800), Duration.ofSeconds(10), Duration.ofSeconds(30)),
				64, "2024-12-01", 1000);
		RestClientConfiguration configuration = new RestClientConfiguration();
		return configuration.signalRClient(configuration.signalrDataPlane(RestClient.builder(), tokens, defaults),
				endpoints, new SignalRProperties("notifications", List.of(), null), defaults, JsonMapper.shared(),
				meterRegistry, (event) -> {
				}, Tracer.NOOP, Propagator.NOOP);
	}

}
