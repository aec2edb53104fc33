package dev.beacon.publish;

import java.time.Clock;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.endpoint.FixedServiceEndpointProvider;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

/**
 * Builds the REST client as the application does, pointed at a WireMock server.
 */
final class RestClientFixture {

	static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

	private RestClientFixture() {
	}

	static SignalRProperties properties(String application, Duration readTimeout, Duration baseDelay) {
		return new SignalRProperties(null, "notifications", java.util.List.of(), application, Duration.ofSeconds(2),
				readTimeout, Duration.ofMinutes(5),
				new SignalRProperties.Retry(3, baseDelay, Duration.ofSeconds(10), Duration.ofSeconds(30)), 64);
	}

	static SignalRRestClient client(WireMockServer service, SignalRProperties properties,
			SimpleMeterRegistry meterRegistry) {
		return client(service.port(), properties, meterRegistry);
	}

	static SignalRRestClient client(int port, SignalRProperties properties, SimpleMeterRegistry meterRegistry) {
		FixedServiceEndpointProvider endpoints = FixedServiceEndpointProvider
			.of("Endpoint=http://localhost;Port=" + port + ";AccessKey=" + KEY + ";Version=1.0;");
		return new PublishConfiguration().signalRClient(RestClient.builder(), endpoints,
				new AccessTokenIssuer(Clock.systemUTC()), properties, JsonMapper.shared(), meterRegistry);
	}

}
