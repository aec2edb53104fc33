package dev.beacon.restclient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.ManagedIdentityEndpoint;
import dev.beacon.support.MovableClock;
import dev.beacon.support.TestKeys;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Microsoft Entra ID end to end with Microsoft's own library: Beacon signs in as a
 * user-assigned managed identity at a stand-in identity endpoint, calls a fake service
 * that accepts nothing but the token that endpoint issued, signs client tokens with the
 * key the service's access-key API hands out, renews it on the clock, and answers 503
 * while it has none, the reason in the log only.
 * <p>
 * Beacon's clock stands still unless a test moves it, and starts 30 days behind the real
 * one; the endpoint's tokens live a day on Beacon's clock. By the real clock they have
 * expired already, so MSAL's JVM-wide token cache (real clock, and only tokens with more
 * than five minutes left) never answers, and every token Beacon asks for reaches the
 * endpoint: the tests see Beacon's own caching and renewal, not MSAL's. The tests share
 * one running Beacon; each leaves it signing with the served key.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "logging.level.dev.beacon=DEBUG", "logging.level.com.azure=DEBUG",
				"logging.level.com.microsoft.aad.msal4j=DEBUG", "beacon.status.broadcast-interval=0",
				"beacon.upstream.auth.audience=api://beacon-upstream",
				"beacon.upstream.auth.tenant-id=contoso.onmicrosoft.com",
				"beacon.upstream.auth.callers=signalr-resource-identity" })
class EntraAuthenticationTests {

	/** This class's own identity: MSAL keeps tokens per client ID, JVM-wide. */
	static final String CLIENT_ID = UUID.randomUUID().toString();

	static final String ENTRA_TOKEN = "EntraAccessTokenCanary." + UUID.randomUUID();

	/** All negotiate's callers learn of a 503. */
	static final String UNAVAILABLE = "SignalR Service is unavailable for now; try again after Retry-After.";

	static final Duration TOKEN_LIFETIME = Duration.ofDays(1);

	/** The SDK's timings ({@code MicrosoftEntraAccessKey}). */
	static final Duration RENEW_AFTER = Duration.ofMinutes(55);

	static final Duration MAX_AGE = Duration.ofMinutes(120);

	/** Beacon's first retry of a failed fetch, and the longest. */
	static final Duration FIRST_RETRY = Duration.ofSeconds(5);

	static final Duration MAX_RETRY = Duration.ofMinutes(5);

	static final MovableClock clock = new MovableClock(
			Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS));

	@RegisterExtension
	static final ManagedIdentityEndpoint identity = new ManagedIdentityEndpoint(clock);

	/**
	 * Started by hand, not as an extension: its stubs must be in place before Beacon's
	 * first fetch at startup and outlive each test, as Beacon's token and key do.
	 */
	static final FakeSignalRService service = new FakeSignalRService();

	private static final AtomicInteger keyCount = new AtomicInteger();

	/** Every key value the service handed out, for the leak checks. */
	private static final List<String> servedKeys = new CopyOnWriteArrayList<>();

	private static volatile ServedKey served = newKey();

	@TestBean(methodName = "movableClock")
	Clock beaconClock;

	@LocalServerPort
	int port;

	@Autowired
	AccessKeySynchronizer synchronizer;

	private BeaconHttp http;

	static Clock movableClock() {
		return clock;
	}

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		registry.add("beacon.signalr.connection-string", () -> "Endpoint=http://localhost:" + service.port()
				+ ";AuthType=azure.msi;ClientId=" + CLIENT_ID + ";Version=1.0;");
	}

	/** Before Beacon starts: its first fetch is at startup. */
	@BeforeAll
	static void identityAndServiceWork() {
		service.start();
		identity.issuing(ENTRA_TOKEN, TOKEN_LIFETIME);
		serviceWorks();
	}

	@AfterAll
	static void stopService() {
		service.stop();
	}

	@BeforeEach
	void beaconSigns() {
		this.http = new BeaconHttp(this.port);
		// The first key is fetched in the background at startup.
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kid(negotiate())).isEqualTo(served.id()));
		service.resetRequests();
	}

	/** Leaves Beacon signing with the served key: a failed fetch is retried by now. */
	@AfterEach
	void beaconSignsAgain() {
		identity.issuing(ENTRA_TOKEN, TOKEN_LIFETIME);
		serviceWorks();
		clock.move(MAX_RETRY);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kid(negotiate())).isEqualTo(served.id()));
		service.assertEveryRequestMatchesTheSwagger();
	}

	@AfterEach
	void noLogLineShowsTheTokenTheIdentityHeaderOrAKey(CapturedOutput output) {
		assertNoSecretIn(output.getAll());
	}

	@Test
	void publishingSendsTheIdentitysTokenAsBearerAndAsksTheEndpointOnceForSeveralSends() {
		identity.resetRequests();
		// Beacon's token has expired: the next call needs a new one.
		clock.move(TOKEN_LIFETIME);

		for (int i = 0; i < 3; i++) {
			assertThat(this.http.postJson("/api/status", "{\"status\":\"s" + i + "\"}", API_KEY).statusCode())
				.isEqualTo(202);
		}

		assertThat(identity.requests()).singleElement().satisfies((request) -> {
			assertThat(request.getMethod()).isEqualTo(RequestMethod.GET);
			assertThat(request.getUrl()).startsWith(ManagedIdentityEndpoint.PATH + "?")
				.contains("resource=https%3A%2F%2Fsignalr.azure.com");
			assertThat(request.getQueryParams()).containsOnlyKeys("api-version", "resource", "client_id");
			assertThat(request.queryParameter("api-version").firstValue()).isEqualTo("2019-08-01");
			assertThat(request.queryParameter("resource").firstValue()).isEqualTo("https://signalr.azure.com");
			assertThat(request.queryParameter("client_id").firstValue()).isEqualTo(CLIENT_ID);
			assertThat(request.getHeader(ManagedIdentityEndpoint.HEADER_NAME)).isEqualTo(identity.header());
		});
		assertThat(service.requests()).filteredOn((request) -> request.getUrl().contains("/:send"))
			.hasSize(3)
			.allSatisfy((send) -> assertThat(send.getHeader("Authorization")).isEqualTo("Bearer " + ENTRA_TOKEN));
	}

	@Test
	void negotiateSignsWithTheFetchedKeyAndNamesItsKeyIdInTheHeader() {
		HttpResponse<String> response = negotiate();

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = BeaconHttp.json(response);
		String url = "http://localhost:" + service.port() + "/client/?hub=notifications";
		assertThat(body.path("url").asString()).isEqualTo(url);
		Jws<Claims> token = TestKeys.signed(body.path("accessToken").asString(), served.value(), clock.instant());
		assertThat(token.getHeader().getAlgorithm()).isEqualTo("HS256");
		assertThat(token.getHeader().getKeyId()).isEqualTo(served.id());
		assertThat(token.getPayload().getAudience()).containsExactly(url);
	}

	@Test
	void keyIsFetchedAgainWhen55MinutesOldAndLaterTokensNameTheNewKey() {
		ServedKey first = fetchedNow();
		service.resetRequests();
		ServedKey second = serveNewKey();

		clock.move(RENEW_AFTER.minusSeconds(1));
		// What the background check does every second; nothing is due, so it cannot race.
		this.synchronizer.fetchDue();
		assertThat(keyFetches()).isEmpty();
		assertThat(kid(negotiate())).isEqualTo(first.id());

		clock.move(Duration.ofSeconds(1));
		await().untilAsserted(() -> assertThat(kid(negotiate())).isEqualTo(second.id()));
		assertThat(keyFetches()).singleElement()
			.satisfies((fetch) -> assertThat(fetch.getHeader("Authorization")).isEqualTo("Bearer " + ENTRA_TOKEN));
		String token = BeaconHttp.json(negotiate()).path("accessToken").asString();
		assertThat(TestKeys.signed(token, second.value(), clock.instant()).getHeader().getKeyId())
			.isEqualTo(second.id());
	}

	@Test
	void keyTheServiceWillNotRenewIsUsedUntil120MinutesOldThenNegotiateAnswers503AndLogsWhy(CapturedOutput output) {
		ServedKey key = fetchedNow();
		service.resetRequests();
		refuseKeys(500);

		clock.move(MAX_AGE.minus(RENEW_AFTER));
		await().untilAsserted(() -> assertThat(keyFetches()).isNotEmpty());
		assertThat(kid(negotiate())).isEqualTo(key.id());

		clock.move(RENEW_AFTER.plusSeconds(1));
		await().untilAsserted(() -> assertThat(unavailable(negotiate())).isEqualTo(UNAVAILABLE));
		assertThat(output.getAll())
			.contains("Negotiate answers 503: Beacon's key to sign client tokens with is older than 120 minutes")
			.contains("answered 500");
	}

	@Test
	void identityEndpointFailingGives503AndTheLogSaysEntraGaveNoTokenUntilItWorksAgain(CapturedOutput output) {
		identity.failing(400);
		identity.resetRequests();
		// Beacon's token and key have expired.
		clock.move(TOKEN_LIFETIME);

		String why = "Microsoft Entra ID gave no token for SignalR Service to user-assigned managed identity "
				+ CLIENT_ID;
		await().untilAsserted(() -> {
			assertThat(unavailable(negotiate())).isEqualTo(UNAVAILABLE);
			assertThat(output.getAll()).contains("Negotiate answers 503: ").contains(why);
		});
		assertThat(identity.requests()).isNotEmpty();
		assertThat(negotiate().headers().firstValue("Retry-After")).hasValue(String.valueOf(FIRST_RETRY.toSeconds()));
		assertProbesUp();

		identity.issuing(ENTRA_TOKEN, TOKEN_LIFETIME);
		ServedKey key = serveNewKey();
		clock.move(FIRST_RETRY);
		await().untilAsserted(() -> assertThat(kid(negotiate())).isEqualTo(key.id()));
	}

	@Test
	void serviceRefusingTheIdentityGives503AndTheLogNamesTheSignalRServiceOwnerRoleUntilItIsGranted(
			CapturedOutput output) {
		refuseKeys(403);
		clock.move(MAX_AGE.plusMinutes(1));

		await().untilAsserted(() -> {
			assertThat(unavailable(negotiate())).isEqualTo(UNAVAILABLE);
			assertThat(output.getAll()).contains("Negotiate answers 503: ")
				.contains("(403): give it the \"SignalR Service Owner\" role");
		});
		assertThat(negotiate().headers().firstValue("Retry-After")).hasValue(String.valueOf(FIRST_RETRY.toSeconds()));
		assertProbesUp();

		ServedKey key = serveNewKey();
		clock.move(FIRST_RETRY);
		await().untilAsserted(() -> assertThat(kid(negotiate())).isEqualTo(key.id()));
	}

	@Test
	void healthShowsEntraAndAValidKeyButNoTokenHeaderOrKey() {
		HttpResponse<String> health = this.http
			.send(this.http.request("/actuator/health").header("X-API-Key", API_KEY).GET());

		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode signalr = BeaconHttp.json(health).path("components").path("signalr");
		assertThat(signalr.path("status").asString()).isEqualTo("UP");
		JsonNode details = signalr.path("details");
		assertThat(details.path("auth").asString()).isEqualTo("microsoft-entra-id");
		assertThat(details.path("identity").asString()).isEqualTo("user-assigned managed identity " + CLIENT_ID);
		assertThat(details.path("restToken").asString()).isEqualTo("valid");
		assertThat(details.path("signingKey").asString()).isEqualTo("valid");
		assertNoSecretIn(health.body() + health.headers().map());
	}

	/**
	 * Serves a new key, moves the clock until the one Beacon holds is due, and waits for
	 * Beacon to have the new one: fetched at the clock's now.
	 */
	private ServedKey fetchedNow() {
		ServedKey key = serveNewKey();
		clock.move(RENEW_AFTER);
		await().untilAsserted(() -> assertThat(kid(negotiate())).isEqualTo(key.id()));
		return key;
	}

	private void assertProbesUp() {
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> response = this.http.get(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(BeaconHttp.json(response).path("status").asString()).as(probe).isEqualTo("UP");
		}
	}

	/**
	 * The detail of a 503 problem, which must hold no secret and nothing of the identity
	 * or the service: anyone may negotiate.
	 */
	private static String unavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertNoSecretIn(response.body());
		assertThat(response.body()).doesNotContain(CLIENT_ID, "Entra", "localhost:" + service.port(), "access-key");
		return BeaconHttp.json(response).path("detail").asString();
	}

	private static void assertNoSecretIn(String text) {
		assertThat(text).doesNotContain(ENTRA_TOKEN).doesNotContain(identity.header());
		for (String key : servedKeys) {
			assertThat(text).doesNotContain(key);
		}
	}

	private HttpResponse<String> negotiate() {
		return this.http.negotiate();
	}

	/**
	 * The {@code kid} of the token negotiate answered, read without verifying it (tests
	 * verify where it matters); fails on any other answer than 200.
	 */
	private static String kid(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String token = BeaconHttp.json(response).path("accessToken").asString();
		String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
				StandardCharsets.UTF_8);
		return JsonMapper.shared().readTree(header).path("kid").asString();
	}

	private static List<LoggedRequest> keyFetches() {
		return service.requests()
			.stream()
			.filter((request) -> request.getUrl().equals(FakeSignalRService.ACCESS_KEY_PATH))
			.toList();
	}

	/**
	 * The service answers only requests with the endpoint's token; everything else gets
	 * 401.
	 */
	private static void serviceWorks() {
		service.wireMock().resetMappings();
		service.stubForEverything(aResponse().withStatus(401));
		service.stubFor(post(urlPathEqualTo("/api/hubs/notifications/:send")).withHeader("Authorization", bearer())
			.willReturn(aResponse().withStatus(202)));
		service.stubFor(head(urlPathEqualTo("/api/health")).withHeader("Authorization", bearer())
			.willReturn(aResponse().withStatus(200)));
		answerKeys(served.answer());
	}

	private static ServedKey serveNewKey() {
		ServedKey key = newKey();
		served = key;
		answerKeys(key.answer());
		return key;
	}

	private static ServedKey newKey() {
		int number = keyCount.incrementAndGet();
		ServedKey key = new ServedKey("key-" + number, "EntraFetchedKeyCanary" + number + "." + UUID.randomUUID());
		servedKeys.add(key.value());
		return key;
	}

	private static void refuseKeys(int status) {
		answerKeys(aResponse().withStatus(status));
	}

	/** The access-key API, as the SDK calls it: no query, the Entra token as bearer. */
	private static void answerKeys(ResponseDefinitionBuilder answer) {
		service.stubFor(get(urlEqualTo(FakeSignalRService.ACCESS_KEY_PATH)).withHeader("Authorization", bearer())
			.willReturn(answer));
	}

	private static StringValuePattern bearer() {
		return equalTo("Bearer " + ENTRA_TOKEN);
	}

	record ServedKey(String id, String value) {

		/** The access-key API's answer, PascalCase as the SDK reads it. */
		ResponseDefinitionBuilder answer() {
			return okJson("{\"KeyId\":\"" + this.id + "\",\"AccessKey\":\"" + this.value + "\"}");
		}

	}

}
