package dev.beacon.restclient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.beacon.endpoint.FixedServiceEndpointProvider;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the REST client as the application does, pointed at a fake service or any
 * connection string.
 */
final class RestClientFixture {

	private RestClientFixture() {
	}

	/**
	 * The settings of one client under test.
	 */
	record Settings(SignalRProperties properties) {
	}

	static Settings properties(@Nullable String application, Duration readTimeout, Duration baseDelay) {
		return properties(application, readTimeout, baseDelay, "2024-12-01");
	}

	static Settings properties(@Nullable String application, Duration readTimeout, Duration baseDelay,
			String apiVersion) {
		return new Settings(SignalRProperties.defaults()
			.withHubs("notifications", List.of(), application)
			.withRestClient(Duration.ofSeconds(2), readTimeout,
					new SignalRProperties.Retry(3, baseDelay, Duration.ofSeconds(10), Duration.ofSeconds(30)), 64,
					apiVersion));
	}

	static SignalRRestClient client(FakeSignalRService service, Settings settings, SimpleMeterRegistry meterRegistry) {
		return client(service.connectionString(), settings, meterRegistry);
	}

	static SignalRRestClient client(String connectionString, Settings settings, SimpleMeterRegistry meterRegistry) {
		return client(FixedServiceEndpointProvider.of(connectionString), settings, meterRegistry);
	}

	static SignalRRestClient client(ServiceEndpointProvider endpoints, Settings settings,
			SimpleMeterRegistry meterRegistry) {
		RestClientConfiguration configuration = new RestClientConfiguration();
		return configuration.signalRClient(dataPlane(settings), endpoints, settings.properties(), JsonMapper.shared(),
				meterRegistry, (event) -> {
				}, Tracer.NOOP, Propagator.NOOP);
	}

	static DataPlane dataPlane(Settings settings) {
		return RestClientConfiguration.signalrDataPlane(new AccessTokenIssuer(Clock.systemUTC()), settings.properties(),
				List.of());
	}

}
