package dev.beacon.restclient;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.credential.AccessKey;
import dev.beacon.endpoint.ConnectionStringParser;
import dev.beacon.credential.EntraCredential;
import dev.beacon.endpoint.FixedServiceEndpointProvider;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.system.ServiceUnavailableException;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.FakeTokenCredential;
import dev.beacon.support.MovableClock;
import dev.beacon.support.TestKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The access-key fetch over a real socket: what it asks the service, and what each answer
 * leaves in the credential (the key, or negotiate's 503 naming why) and in the
 * {@code beacon.signalr.access-key.fetches} metric. The fetch is called directly; one
 * test starts the background job.
 */
class AccessKeySynchronizerTests {

	/** The access-key API is not in the 2022 Swagger the fake checks against. */
	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().withoutSwaggerValidation();

	static final String KEY_ANSWER = "{\"KeyId\":\"key-1\",\"AccessKey\":\"" + TestKeys.OTHER_ACCESS_KEY + "\"}";

	static final String NO_KEY_YET = "Beacon has no key to sign client tokens with yet: ";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final FakeTokenCredential entraTokens = new FakeTokenCredential(this.clock);

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private EntraCredential entra;

	private AccessKeySynchronizer synchronizer;

	@BeforeEach
	void connectToTheFakeService() {
		connect("Endpoint=http://localhost;Port=" + service.port()
				+ ";AuthType=azure.msi;ClientId=uami-1;Version=1.0;");
	}

	@Test
	void fetchAsksForTheKeyWithTheEntraTokenAndKeepsItWithItsId() {
		service.stubFor(get(AccessKeySynchronizer.PATH).willReturn(okJson(KEY_ANSWER)));

		this.synchronizer.fetchDue();

		LoggedRequest request = service.onlyRequest();
		assertThat(request.getMethod().getName()).isEqualTo("GET");
		assertThat(request.getUrl()).isEqualTo("/api/v1/auth/accessKey");
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer entra-token-1");
		assertThat(this.entra.signingKey()).isEqualTo(new AccessKey(TestKeys.OTHER_ACCESS_KEY, "key-1"));
		assertThat(outcomes()).isEqualTo(Map.of("success", 1.0));
	}

	@Test
	void keyIsFetchedAgainOnlyWhenDueForRenewal() {
		service.stubFor(get(AccessKeySynchronizer.PATH).willReturn(okJson(KEY_ANSWER)));
		this.synchronizer.fetchDue();

		this.clock.move(Duration.ofMinutes(55).minusSeconds(1));
		this.synchronizer.fetchDue();
		assertThat(service.requests()).hasSize(1);

		this.clock.move(Duration.ofSeconds(1));
		this.synchronizer.fetchDue();
		assertThat(service.requests()).hasSize(2);
		assertThat(outcomes()).isEqualTo(Map.of("success", 2.0));
	}

	static Stream<Arguments> refusals() {
		return Stream.of(
				arguments(aResponse().withStatus(401), "unauthorized",
						"SignalR Service did not accept the Microsoft Entra token of user-assigned managed identity "
								+ "uami-1 (401)"),
				arguments(aResponse().withStatus(403), "forbidden",
						"user-assigned managed identity uami-1 may not use SignalR Service's access-key API (403): "
								+ "give it the \"SignalR Service Owner\" role on the resource"),
				arguments(aResponse().withStatus(404), "not_found",
						"SignalR Service has no access-key API at this endpoint (404): check Endpoint and "
								+ "ServerEndpoint"),
				arguments(aResponse().withStatus(500), "rejected", "SignalR Service's access-key API answered 500"),
				arguments(aResponse().withStatus(200).withBody("<html>Sign in</html>"), "invalid",
						"SignalR Service's access-key answer is not JSON"),
				arguments(okJson("{\"KeyId\":\"key-1\"}"), "invalid",
						"SignalR Service's access-key answer has no KeyId or AccessKey"),
				arguments(okJson("{\"AccessKey\":\"" + TestKeys.OTHER_ACCESS_KEY + "\"}"), "invalid",
						"SignalR Service's access-key answer has no KeyId or AccessKey"),
				arguments(okJson("{\"KeyId\":\"\",\"AccessKey\":\"" + TestKeys.OTHER_ACCESS_KEY + "\"}"), "invalid",
						"SignalR Service's access-key answer has no KeyId or AccessKey"),
				arguments(okJson("{\"KeyId\":\"key-1\",\"AccessKey\":\"short\"}"), "invalid",
						"SignalR Service answered a key too short for HS256"));
	}

	@ParameterizedTest
	@MethodSource("refusals")
	void answerWithoutAUsableKeyLeavesNegotiateA503SayingWhy(ResponseDefinitionBuilder answer, String outcome,
			String detail) {
		service.stubFor(get(AccessKeySynchronizer.PATH).willReturn(answer));

		this.synchronizer.fetchDue();

		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.entra::signingKey)
			.withMessageStartingWith(NO_KEY_YET + detail)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
		assertThat(this.entra.describe()).containsEntry("signingKey", "unavailable");
		assertThat(outcomes()).isEqualTo(Map.of(outcome, 1.0));
	}

	@Test
	void unreachableServiceIsNamedInThe503() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		connect("Endpoint=http://localhost;Port=" + closedPort + ";AuthType=azure.msi;ClientId=uami-1;Version=1.0;");

		this.synchronizer.fetchDue();

		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.entra::signingKey)
			.withMessageStartingWith(
					NO_KEY_YET + "SignalR Service could not be reached at http://localhost:" + closedPort + " (Connect")
			.withMessageNotContaining("null");
		assertThat(outcomes()).isEqualTo(Map.of("unreachable", 1.0));
	}

	@Test
	void withoutAnEntraTokenNothingIsSentAndThe503SaysEntraGaveNone() {
		this.entraTokens.failing(new IllegalStateException("ManagedIdentityCredential authentication unavailable"));

		this.synchronizer.fetchDue();

		assertThat(service.requests()).isEmpty();
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.entra::signingKey)
			.withMessage(NO_KEY_YET + "Microsoft Entra ID gave no token for SignalR Service to user-assigned "
					+ "managed identity uami-1: ManagedIdentityCredential authentication unavailable");
		assertThat(outcomes()).isEqualTo(Map.of("no_token", 1.0));
	}

	@Test
	void failedRenewalKeepsTheKeyAndTriesAgainFiveSecondsLater() {
		service.stubFor(get(AccessKeySynchronizer.PATH).willReturn(okJson(KEY_ANSWER)));
		this.synchronizer.fetchDue();
		this.clock.move(Duration.ofMinutes(55));
		service.stubFor(get(AccessKeySynchronizer.PATH).willReturn(aResponse().withStatus(503)));

		this.synchronizer.fetchDue();
		this.clock.move(Duration.ofSeconds(4));
		this.synchronizer.fetchDue();

		assertThat(this.entra.signingKey()).isEqualTo(new AccessKey(TestKeys.OTHER_ACCESS_KEY, "key-1"));
		assertThat(this.entra.describe()).containsEntry("signingKeyError",
				"SignalR Service's access-key API answered 503");
		assertThat(service.requests()).hasSize(2);
		this.clock.move(Duration.ofSeconds(1));
		this.synchronizer.fetchDue();
		assertThat(service.requests()).hasSize(3);
		assertThat(outcomes()).isEqualTo(Map.of("success", 1.0, "rejected", 2.0));
	}

	@Test
	void serverEndpointOfTheConnectionStringReceivesTheFetch() {
		connect("Endpoint=https://foo.service.signalr.net;ServerEndpoint=http://localhost:" + service.port()
				+ ";AuthType=azure.msi;Version=1.0;");
		service.stubFor(get(urlPathEqualTo(AccessKeySynchronizer.PATH)).willReturn(okJson(KEY_ANSWER)));

		this.synchronizer.fetchDue();

		assertThat(service.onlyRequest().getHeader("Authorization")).isEqualTo("Bearer entra-token-1");
		assertThat(this.entra.signingKey().id()).isEqualTo("key-1");
	}

	@Test
	void startFetchesTheFirstKeyInTheBackgroundWithoutWaitingForIt() throws InterruptedException {
		service.stubFor(get(AccessKeySynchronizer.PATH).willReturn(okJson(KEY_ANSWER)));
		CountDownLatch release = new CountDownLatch(1);
		this.entraTokens.stall(release);
		try {
			this.synchronizer.start();

			assertThat(this.synchronizer.isRunning()).isTrue();
			assertThat(this.entraTokens.awaitStalledCall()).isTrue();
			assertThat(this.entraTokens.completedCalls()).isZero();
			assertThat(this.entraTokens.threads()).containsExactly("beacon-access-key");
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.entra.keyDue(), (due) -> !due);
			assertThat(this.entra.signingKey().id()).isEqualTo("key-1");
		}
		finally {
			release.countDown();
			this.synchronizer.stop();
		}
		assertThat(this.synchronizer.isRunning()).isFalse();
	}

	@Test
	void startDoesNothingForAnAccessKeyConnectionString() {
		ServiceEndpoint endpoint = ConnectionStringParser.parse(service.connectionString());
		AccessKeySynchronizer accessKey = synchronizer(endpoint);

		accessKey.start();
		accessKey.fetchDue();

		assertThat(accessKey.isRunning()).isFalse();
		assertThat(service.requests()).isEmpty();
		assertThat(outcomes()).isEmpty();
	}

	private void connect(String connectionString) {
		ServiceEndpoint endpoint = ConnectionStringParser.parse(connectionString,
				(identity) -> new EntraCredential(identity, this.entraTokens, this.clock));
		this.entra = (EntraCredential) endpoint.credential();
		this.synchronizer = synchronizer(endpoint);
	}

	private AccessKeySynchronizer synchronizer(ServiceEndpoint endpoint) {
		RestClientFixture.Settings settings = RestClientFixture.properties(null, Duration.ofSeconds(2),
				Duration.ofMillis(10));
		return new AccessKeySynchronizer(RestClientFixture.dataPlane(settings),
				new FixedServiceEndpointProvider(endpoint), JsonMapper.shared(), this.meterRegistry);
	}

	private Map<String, Double> outcomes() {
		return this.meterRegistry.find("beacon.signalr.access-key.fetches")
			.counters()
			.stream()
			.collect(Collectors.toMap((counter) -> counter.getId().getTag("outcome"), Counter::count));
	}

}
