package dev.beacon.publish;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.beacon.endpoint.FixedServiceEndpointProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Faults below HTTP: a name that does not resolve, a TLS handshake that fails, and a
 * health check that goes DOWN with the service and comes back UP with it.
 */
class ServiceFaultsTests {

	static final SignalRMessage MESSAGE = SignalRMessage.of("statusUpdate", "x");

	private WireMockServer service;

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.stop();
		}
	}

	@Test
	void unresolvableEndpointIsUnavailableWithinTheDeadline() {
		SignalRRestClient client = client("Endpoint=https://beacon-no-such-host.invalid");

		long started = System.nanoTime();
		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("could not be reached (connect)");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void failedTlsHandshakeIsUnavailable() {
		// WireMock's self-signed certificate is not trusted by the JDK.
		this.service = new WireMockServer(WireMockConfiguration.options().dynamicPort().dynamicHttpsPort());
		this.service.start();
		SignalRRestClient client = client("Endpoint=https://localhost;Port=" + this.service.httpsPort());

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("could not be reached (connect)");
	}

	@Test
	void healthGoesDownWithTheServiceAndRecoversWithIt() throws Exception {
		this.service = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		this.service.start();
		String connectionString = "Endpoint=http://localhost;Port=" + this.service.port();
		SignalRHealthIndicator health = new SignalRHealthIndicator(client(connectionString),
				FixedServiceEndpointProvider.of(connectionString + ";AccessKey=" + RestClientFixture.KEY));

		this.service.stubFor(head(urlPathEqualTo("/api/health")).willReturn(aResponse().withStatus(503)));
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

		this.service.stubFor(head(urlPathEqualTo("/api/health")).willReturn(aResponse().withStatus(200)));
		long deadline = System.nanoTime() + SignalRHealthIndicator.CACHE_FOR.plusSeconds(5).toNanos();
		while (health.health().getStatus() != Status.UP && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

	private static SignalRRestClient client(String endpoint) {
		RestClientFixture.Settings settings = RestClientFixture.properties(null, Duration.ofSeconds(2),
				Duration.ofMillis(10));
		return new PublishConfiguration().signalRClient(org.springframework.web.client.RestClient.builder(),
				FixedServiceEndpointProvider.of(endpoint + ";AccessKey=" + RestClientFixture.KEY),
				new dev.beacon.token.AccessTokenIssuer(java.time.Clock.systemUTC()), settings.service(),
				settings.publish(), tools.jackson.databind.json.JsonMapper.shared(), new SimpleMeterRegistry());
	}

}
