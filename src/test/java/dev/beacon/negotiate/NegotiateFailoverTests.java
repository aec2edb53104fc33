package dev.beacon.negotiate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.beacon.endpoint.EndpointStatus;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.security.SignatureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Negotiate over three SignalR Service instances, two primaries and a secondary, each
 * with its own key: clients spread over the online primaries, fall back to the secondary,
 * get 503 when none is online, and carry a token of the instance they were sent to. An
 * instance goes offline when its health check fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.signalr.health-check-interval=1s", "beacon.status.broadcast-interval=0",
				"beacon.negotiate.user-id-source=easy-auth",
				"management.endpoints.web.exposure.include=health,info,prometheus" })
@ExtendWith(OutputCaptureExtension.class)
class NegotiateFailoverTests {

	static final String DR_KEY = "DISASTERRECOVERYDISASTERRECOVERYDISASTER1234";

	@RegisterExtension
	static final FakeSignalRService east = new FakeSignalRService().withAccessKey(TestKeys.ACCESS_KEY).answering(200);

	@RegisterExtension
	static final FakeSignalRService west = new FakeSignalRService().withAccessKey(TestKeys.OTHER_ACCESS_KEY)
		.answering(200);

	@RegisterExtension
	static final FakeSignalRService dr = new FakeSignalRService().withAccessKey(DR_KEY).answering(200);

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		List<FakeSignalRService> services = List.of(east, west, dr);
		for (int i = 0; i < services.size(); i++) {
			FakeSignalRService service = services.get(i).start();
			registry.add("beacon.signalr.endpoints[" + i + "].name", () -> name(service));
			registry.add("beacon.signalr.endpoints[" + i + "].connection-string", service::connectionString);
		}
		registry.add("beacon.signalr.endpoints[2].type", () -> "secondary");
	}

	@LocalServerPort
	int port;

	@Autowired
	ServiceEndpointProvider endpoints;

	@BeforeEach
	void everyInstanceOnline() {
		awaitOnline(this.endpoints, Set.of("east", "west", "dr"));
	}

	@Test
	void negotiateSpreadsClientsOverThePrimariesWithATokenOfTheChosenOne() {
		BeaconHttp http = new BeaconHttp(this.port);
		double eastBefore = negotiated(http, "east");
		double westBefore = negotiated(http, "west");

		Map<String, Integer> chosen = negotiateTimes(http, 200, null);

		assertThat(chosen).containsOnlyKeys("east", "west");
		assertThat(chosen.get("east") + chosen.get("west")).isEqualTo(200);
		assertThat(negotiated(http, "east")).isEqualTo(eastBefore + chosen.get("east"));
		assertThat(negotiated(http, "west")).isEqualTo(westBefore + chosen.get("west"));
	}

	@Test
	void tokenIsSignedWithTheChosenInstancesKeyOnly() {
		JsonNode negotiated = negotiate(new BeaconHttp(this.port), null);
		FakeSignalRService chosen = serviceAt(negotiated.path("url").asString());
		FakeSignalRService other = (chosen == east) ? west : east;

		assertThatExceptionOfType(SignatureException.class)
			.isThrownBy(() -> TestKeys.claims(negotiated.path("accessToken").asString(), key(other)));
	}

	@Test
	void negotiateNeverSendsAClientToAnOfflinePrimary() {
		east.stubForEverything(aResponse().withStatus(503));
		awaitOnline(this.endpoints, Set.of("west", "dr"));

		assertThat(negotiateTimes(new BeaconHttp(this.port), 100, null)).containsOnlyKeys("west");
	}

	@Test
	void negotiateFallsBackToTheSecondaryWhileNoPrimaryIsOnline() {
		BeaconHttp http = new BeaconHttp(this.port);
		double drBefore = negotiated(http, "dr");
		east.stubForEverything(aResponse().withStatus(503));
		west.stubForEverything(aResponse().withStatus(503));
		awaitOnline(this.endpoints, Set.of("dr"));

		assertThat(negotiateTimes(http, 50, null)).containsOnlyKeys("dr");
		assertThat(negotiated(http, "dr")).isEqualTo(drBefore + 50);

		east.reset();
		awaitOnline(this.endpoints, Set.of("east", "dr"));
		assertThat(negotiateTimes(http, 50, null)).containsOnlyKeys("east");
	}

	@Test
	void negotiateWithNoInstanceOnlineIsServiceUnavailableWithRetryAfterAndOnlyTheLogNamesThem(CapturedOutput output) {
		List.of(east, west, dr).forEach((service) -> service.stubForEverything(aResponse().withStatus(503)));
		awaitOnline(this.endpoints, Set.of());

		BeaconHttp http = new BeaconHttp(this.port);
		HttpResponse<String> response = http.negotiate();

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(BeaconHttp.json(response).path("detail").asString()).isEqualTo(NegotiateService.UNAVAILABLE);
		assertThat(response.body()).doesNotContain("instance is online", "east", "west", String.valueOf(east.port()),
				String.valueOf(west.port()), String.valueOf(dr.port()));
		assertThat(response.body()).doesNotContain(TestKeys.ACCESS_KEY, TestKeys.OTHER_ACCESS_KEY, DR_KEY);
		assertThat(output.getAll()).contains("Negotiate answers 503: No SignalR Service instance is online: east (");
	}

	/** The sticky router: {@code beacon.signalr.router=user}. */
	@Nested
	@TestPropertySource(properties = "beacon.signalr.router=user")
	class WithTheUserRouter {

		@LocalServerPort
		int port;

		@Autowired
		ServiceEndpointProvider endpoints;

		@BeforeEach
		void everyInstanceOnline() {
			awaitOnline(this.endpoints, Set.of("east", "west", "dr"));
		}

		@Test
		void eachUserStaysOnOneInstanceAndUsersSpreadOverThePrimaries() {
			BeaconHttp http = new BeaconHttp(this.port);

			Map<String, String> instanceOf = stickyInstances(http);

			assertThat(Set.copyOf(instanceOf.values())).containsExactlyInAnyOrder("east", "west");
		}

		@Test
		void usersOfAnInstanceThatWasOfflineReturnToItWhenItIsBack() {
			BeaconHttp http = new BeaconHttp(this.port);
			Map<String, String> before = stickyInstances(http);
			assertThat(before).containsValue("east");

			east.stubForEverything(aResponse().withStatus(503));
			awaitOnline(this.endpoints, Set.of("west", "dr"));
			Map<String, String> during = stickyInstances(http);
			east.reset();
			awaitOnline(this.endpoints, Set.of("east", "west", "dr"));

			assertThat(Set.copyOf(during.values())).containsExactly("west");
			assertThat(stickyInstances(http)).isEqualTo(before);
		}

		/** Twenty users, each negotiating five times: always to the same instance. */
		private Map<String, String> stickyInstances(BeaconHttp http) {
			Map<String, String> instanceOf = new HashMap<>();
			for (int user = 0; user < 20; user++) {
				String userId = "user-" + user;
				Map<String, Integer> chosen = negotiateTimes(http, 5, userId);
				assertThat(chosen).as(userId).hasSize(1);
				instanceOf.put(userId, chosen.keySet().iterator().next());
			}
			return instanceOf;
		}

	}

	/**
	 * Negotiates a number of times, checking each token against the key and URL of the
	 * instance it was sent to.
	 * @return how many times each instance was chosen
	 */
	static Map<String, Integer> negotiateTimes(BeaconHttp http, int times, @Nullable String userId) {
		Map<String, Integer> chosen = new HashMap<>();
		IntStream.range(0, times).forEach((i) -> {
			JsonNode negotiated = negotiate(http, userId);
			String url = negotiated.path("url").asString();
			FakeSignalRService service = serviceAt(url);
			Claims claims = TestKeys.claims(negotiated.path("accessToken").asString(), key(service));
			assertThat(claims.getAudience()).containsExactly(url);
			assertThat(claims.get("nameid", String.class)).isEqualTo(userId);
			chosen.merge(name(service), 1, Integer::sum);
		});
		return chosen;
	}

	static JsonNode negotiate(BeaconHttp http, @Nullable String userId) {
		HttpRequest.Builder request = http.request("/api/negotiate").POST(HttpRequest.BodyPublishers.noBody());
		if (userId != null) {
			request.header("X-MS-CLIENT-PRINCIPAL-ID", userId);
		}
		HttpResponse<String> response = http.send(request);
		assertThat(response.statusCode()).isEqualTo(200);
		return BeaconHttp.json(response);
	}

	/** {@code beacon_negotiate_tokens_total} of anonymous clients sent to an instance. */
	static double negotiated(BeaconHttp http, String endpoint) {
		String series = "beacon_negotiate_tokens_total{endpoint=\"" + endpoint
				+ "\",hub=\"notifications\",user=\"anonymous\"}";
		return http.get("/actuator/prometheus")
			.body()
			.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElse(0);
	}

	static FakeSignalRService serviceAt(String url) {
		int port = URI.create(url).getPort();
		assertThat(url).isEqualTo("http://localhost:" + port + "/client/?hub=notifications");
		return List.of(east, west, dr)
			.stream()
			.filter((service) -> service.port() == port)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No instance at " + url));
	}

	static String name(FakeSignalRService service) {
		return (service == east) ? "east" : (service == west) ? "west" : "dr";
	}

	static String key(FakeSignalRService service) {
		return (service == east) ? TestKeys.ACCESS_KEY : (service == west) ? TestKeys.OTHER_ACCESS_KEY : DR_KEY;
	}

	/** Waits until exactly these instances are online. */
	static void awaitOnline(ServiceEndpointProvider endpoints, Set<String> online) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> endpoints.statuses()
				.stream()
				.filter(EndpointStatus::online)
				.map((status) -> status.endpoint().name())
				.toList(), (names) -> Set.copyOf(names).equals(online));
	}

}
