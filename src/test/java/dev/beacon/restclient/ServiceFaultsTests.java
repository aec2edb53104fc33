package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;

import dev.beacon.endpoint.FixedServiceEndpointProvider;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Faults below HTTP: a name that does not resolve, a TLS handshake that fails, and a
 * health check that goes DOWN with the service and comes back UP with it.
 */
class ServiceFaultsTests {

	static final SignalRMessage MESSAGE = SignalRMessage.of("statusUpdate", "x");

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService()
		.withOptions((options) -> options.dynamicHttpsPort());

	@Test
	void unresolvableEndpointIsUnavailableWithinTheDeadline() {
		SignalRRestClient client = client(TestKeys.connectionString("https://beacon-no-such-host.invalid"));

		long started = System.nanoTime();
		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("could not be reached (connect)");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void failedTlsHandshakeIsUnavailable() {
		// WireMock's self-signed certificate is not trusted by the JDK.
		SignalRRestClient client = client(TestKeys.connectionString("https://localhost;Port=" + service.httpsPort()));

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("could not be reached (connect)");
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void healthGoesDownWithTheServiceAndRecoversWithIt() {
		SignalRHealthIndicator health = new SignalRHealthIndicator(client(service.connectionString()),
				FixedServiceEndpointProvider.of(service.connectionString()));

		service.stubFor(head(urlPathEqualTo("/api/health")).willReturn(aResponse().withStatus(503)));
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

		service.stubFor(head(urlPathEqualTo("/api/health")).willReturn(aResponse().withStatus(200)));
		await("health UP once its cached DOWN expires").atMost(SignalRHealthIndicator.CACHE_FOR.plusSeconds(5))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
	}

	private static SignalRRestClient client(String connectionString) {
		return RestClientFixture.client(connectionString,
				RestClientFixture.properties(null, Duration.ofSeconds(2), Duration.ofMillis(10)),
				new SimpleMeterRegistry());
	}

}
