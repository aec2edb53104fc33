package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The retry rules over a real socket; every test counts the requests the service saw, and
 * every attempt is checked against Microsoft's Swagger.
 */
class SignalRRestClientRetryTests {

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService();

	static final SignalRMessage MESSAGE = SignalRMessage.of("statusUpdate", "x");

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private SignalRRestClient client;

	@BeforeEach
	void setUp() {
		this.client = RestClientFixture.client(service,
				RestClientFixture.properties(null, Duration.ofMillis(300), Duration.ofMillis(10)), this.meterRegistry);
	}

	@Test
	void sendIsNeverRetriedOn500BecauseItMayHaveBeenDelivered() {
		respond(aResponse().withStatus(500).withBody("{\"message\":\"internal\"}"));

		assertThatExceptionOfType(SignalRRejectedException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("may or may not have been delivered")
			.withMessageContaining("POST /api/hubs/chat/:send");
		assertThat(requests()).isEqualTo(1);
	}

	@Test
	void idempotentCallIsRetriedOn500() {
		respondThenSucceed(aResponse().withStatus(500), 200);

		this.client.addConnectionToGroup("chat", "ops", "c1");

		assertThat(requests()).isEqualTo(2);
	}

	@Test
	void sendIsRetriedOn503ThenSucceeds() {
		respondThenSucceed(aResponse().withStatus(503), 202);

		this.client.sendToAll("chat", MESSAGE, List.of());

		assertThat(requests()).isEqualTo(2);
		assertThat(this.meterRegistry.get("beacon.signalr.retries").tag("reason", "status_503").counter().count())
			.isEqualTo(1);
	}

	@Test
	void throttledSendWaitsForRetryAfterThenSucceeds() {
		respondThenSucceed(aResponse().withStatus(429).withHeader("Retry-After", "1"), 202);

		long started = System.nanoTime();
		this.client.sendToUser("chat", "alice", MESSAGE);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(requests()).isEqualTo(2);
	}

	@Test
	void retryAfterLongerThanMaxDelayEndsRetriesAndIsPassedOn() {
		respond(aResponse().withStatus(503).withHeader("Retry-After", "120"));

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()))
			.satisfies((ex) -> assertThat(ex.retryAfter()).hasValue(Duration.ofSeconds(120)));
		assertThat(requests()).isEqualTo(1);
	}

	@Test
	void exhaustedRetriesGiveUnavailableWithTheServicesRetryAfter() {
		respond(aResponse().withStatus(429).withHeader("Retry-After", "0"));

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> this.client.sendToGroup("chat", "ops", MESSAGE, List.of()))
			.withMessageContaining("429")
			.satisfies((ex) -> assertThat(ex.retryAfter()).hasValue(Duration.ZERO));
		assertThat(requests()).isEqualTo(4);
	}

	@Test
	void connectionResetOnSendIsNotRetried() {
		respond(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> this.client.sendToConnection("chat", "c1", MESSAGE));
		assertThat(requests()).isEqualTo(1);
	}

	@Test
	void connectionResetOnIdempotentCallIsRetried() {
		respond(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> this.client.removeUserFromAllGroups("chat", "alice"));
		assertThat(requests()).isEqualTo(4);
	}

	@Test
	void timeoutIsRetriedThenReportedAsTimeout() {
		respond(aResponse().withStatus(202).withFixedDelay(1000));

		assertThatExceptionOfType(SignalRTimeoutException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("did not answer in time");
		assertThat(requests()).isEqualTo(4);
	}

	@Test
	void refusedConnectionIsRetriedThenUnavailable() throws Exception {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		SignalRRestClient refused = RestClientFixture.client(
				TestKeys.localConnectionString(closedPort, TestKeys.ACCESS_KEY),
				RestClientFixture.properties(null, Duration.ofMillis(300), Duration.ofMillis(10)), this.meterRegistry);

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> refused.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("could not be reached (connect)");
		assertThat(this.meterRegistry.get("beacon.signalr.retries").tag("reason", "connect").counter().count())
			.isEqualTo(3);
	}

	@Test
	void badRequestIsNotRetriedAndCarriesTheServicesMessage() {
		respond(aResponse().withStatus(400).withBody("{\"message\":\"Target is required\"}"));

		assertThatExceptionOfType(SignalRInvalidArgumentException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("Target is required");
		assertThat(requests()).isEqualTo(1);
	}

	@Test
	void anErrorPageFromTheServiceOrAProxyNeverReachesTheMessage() {
		respond(aResponse().withStatus(502)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><body><h1>502 Bad Gateway</h1><p>nginx/1.2 at 10.0.0.7</p></body></html>"));

		assertThatExceptionOfType(SignalRException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageNotContaining("<")
			.withMessageNotContaining("nginx")
			.withMessageContaining("502");
	}

	@Test
	void theServicesJsonMessageIsPassedOnOnOneShortLine() {
		respond(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody("{\"code\":\"Error.Bad\",\"message\":\"Bad <b>target</b>\\nsecond line " + "x".repeat(500)
					+ "\"}"));

		assertThatExceptionOfType(SignalRInvalidArgumentException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("Bad b target /b second line")
			.withMessageNotContaining("<")
			.withMessageNotContaining("\n")
			.withMessageContaining("...");
	}

	@Test
	void unauthorizedHintsAtKeyAndClockWithoutPrintingEither() {
		respond(aResponse().withStatus(401));

		assertThatExceptionOfType(SignalRUnauthorizedException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()))
			.withMessageContaining("check the AccessKey")
			.withMessageNotContaining(TestKeys.ACCESS_KEY);
		assertThat(requests()).isEqualTo(1);
	}

	@Test
	void payloadTooLargeIsReported() {
		respond(aResponse().withStatus(413));

		assertThatExceptionOfType(SignalRPayloadTooLargeException.class)
			.isThrownBy(() -> this.client.sendToAll("chat", MESSAGE, List.of()));
		assertThat(requests()).isEqualTo(1);
	}

	private static void respond(ResponseDefinitionBuilder response) {
		service.stubForEverything(response);
	}

	private static void respondThenSucceed(ResponseDefinitionBuilder first, int status) {
		service.stubFor(any(anyUrl()).inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("recovered"));
		service.stubFor(any(anyUrl()).inScenario("retry")
			.whenScenarioStateIs("recovered")
			.willReturn(aResponse().withStatus(status)));
	}

	private static int requests() {
		return service.requests().size();
	}

}
