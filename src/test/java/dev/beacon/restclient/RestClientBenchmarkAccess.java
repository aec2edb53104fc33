package dev.beacon.restclient;

import java.net.http.HttpClient;
import java.util.List;

import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the REST client exactly as the application does, with its default settings, for
 * benchmarks in another package.
 */
public final class RestClientBenchmarkAccess {

	private RestClientBenchmarkAccess() {
	}

	/** The data plane's JDK client, set up as the application sets it up. */
	public static HttpClient dataPlaneHttpClient() {
		return RestClientConfiguration.httpClient(SignalRProperties.defaults().connectTimeout());
	}

	public static SignalRRestClient client(ServiceEndpointProvider endpoints, AccessTokenIssuer tokens,
			MeterRegistry meterRegistry) {
		SignalRProperties defaults = SignalRProperties.defaults();
		RestClientConfiguration configuration = new RestClientConfiguration();
		return configuration.signalRClient(RestClientConfiguration.signalrDataPlane(tokens, defaults, List.of()),
				endpoints, defaults, JsonMapper.shared(), meterRegistry, (event) -> {
				}, Tracer.NOOP, Propagator.NOOP);
	}

}
