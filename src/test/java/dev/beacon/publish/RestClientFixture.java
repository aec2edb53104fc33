package dev.beacon.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.beacon.endpoint.FixedServiceEndpointProvider;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

/**
 * Builds the REST client as the application does, pointed at a WireMock server.
 */
final class RestClientFixture {

	static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

	private RestClientFixture() {
	}

	/**
	 * The settings of one client under test.
	 */
	record Settings(SignalRProperties service, PublishProperties publish) {
	}

	static Settings properties(@Nullable String application, Duration readTimeout, Duration baseDelay) {
		return new Settings(new SignalRProperties("notifications", List.of(), application),
				new PublishProperties(Duration.ofSeconds(2), readTimeout, Duration.ofMinutes(5),
						new PublishProperties.Retry(3, baseDelay, Duration.ofSeconds(10), Duration.ofSeconds(30)), 64));
	}

	static SignalRRestClient client(WireMockServer service, Settings settings, SimpleMeterRegistry meterRegistry) {
		return client(service.port(), settings, meterRegistry);
	}

	static SignalRRestClient client(int port, Settings settings, SimpleMeterRegistry meterRegistry) {
		FixedServiceEndpointProvider endpoints = FixedServiceEndpointProvider
			.of("Endpoint=http://localhost;Port=" + port + ";AccessKey=" + KEY + ";Version=1.0;");
		return new PublishConfiguration().signalRClient(RestClient.builder(), endpoints,
				new AccessTokenIssuer(Clock.systemUTC()), settings.service(), settings.publish(), JsonMapper.shared(),
				meterRegistry);
	}

}
