package dev.beacon.restclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.endpoint.ConfiguredEndpoint;
import dev.beacon.endpoint.EndpointRouter;
import dev.beacon.endpoint.EndpointStatus;
import dev.beacon.endpoint.EndpointType;
import dev.beacon.endpoint.RoutedServiceEndpointProvider;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.support.UpstreamRequests;
import io.jsonwebtoken.security.SignatureException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two SignalR Service instances behind the whole app, over real sockets: sends reach
 * both; one that fails mid-run gives one partial 502, is skipped while offline and is
 * sent to again once its health check succeeds; a connection lives on one instance;
 * health, metrics and upstream signatures know both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.status.broadcast-interval=0",
				"beacon.signalr.health-check-interval=1s",
				"management.endpoints.web.exposure.include=health,info,prometheus" })
class SeveralEndpointsTests {

	static final String EAST_KEY = TestKeys.ACCESS_KEY;

	static final String WEST_KEY = TestKeys.OTHER_ACCESS_KEY;

	static final String SEND_TO_ALL = "/api/hubs/notifications/:send";

	/** Fixed, so the instance can be stopped (connection refused) and come back. */
	static final int WEST_PORT = freePort();

	@RegisterExtension
	static final FakeSignalRService east = new FakeSignalRService().withAccessKey(EAST_KEY).answering(202);

	@RegisterExtension
	static final FakeSignalRService west = new FakeSignalRService().withAccessKey(WEST_KEY)
		.answering(202)
		.withOptions((options) -> options.port(WEST_PORT));

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		east.start();
		west.start();
		registry.add("beacon.signalr.endpoints[0].name", () -> "east");
		registry.add("beacon.signalr.endpoints[0].connection-string", east::connectionString);
		registry.add("beacon.signalr.endpoints[1].name", () -> "west");
		registry.add("beacon.signalr.endpoints[1].connection-string", west::connectionString);
		registry.add("beacon.signalr.endpoints[1].type", () -> "secondary");
	}

	@LocalServerPort
	int port;

	@Autowired
	ServiceEndpointProvider endpoints;

	BeaconHttp http;

	@BeforeEach
	void bothOnline() {
		this.http = new BeaconHttp(this.port);
		awaitOnline("east", true);
		awaitOnline("west", true);
	}

	@Test
	void broadcastReachesEveryInstanceSignedWithThatInstancesKey() {
		HttpResponse<String> response = broadcast("to all");

		assertThat(response.statusCode()).isEqualTo(202);
		for (FakeSignalRService service : List.of(east, west)) {
			LoggedRequest send = sends(service).getFirst();
			assertThat(sends(service)).hasSize(1);
			assertThat(send.getBodyAsString()).contains("\"target\":\"hello\"", "\"to all\"");
			String key = (service == east) ? EAST_KEY : WEST_KEY;
			String otherKey = (service == east) ? WEST_KEY : EAST_KEY;
			assertThat(TestKeys.bearerClaims(send.getHeader("Authorization"), key).getAudience())
				.containsExactly("http://localhost" + SEND_TO_ALL + "?api-version=2024-12-01");
			assertThatExceptionOfType(SignatureException.class)
				.isThrownBy(() -> TestKeys.bearerClaims(send.getHeader("Authorization"), otherKey));
		}
	}

	@Test
	void statusBroadcastReachesEveryInstance() {
		HttpResponse<String> response = this.http.postJson("/api/status", "{\"status\":\"degraded\"}", API_KEY);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(sends(east)).singleElement()
			.satisfies((send) -> assertThat(send.getBodyAsString()).contains("statusUpdate", "degraded"));
		assertThat(sends(west)).singleElement()
			.satisfies((send) -> assertThat(send.getBodyAsString()).contains("statusUpdate", "degraded"));
	}

	@Test
	void instanceAnswering503GivesOnePartial502ThenIsSkippedUntilItsHealthCheckSucceeds() {
		// Once west has refused a send it refuses everything, health checks included,
		// until the test lets it recover: only a health check can bring it back.
		west.stubFor(post(urlPathEqualTo(SEND_TO_ALL)).inScenario("west")
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("down"));
		west.stubFor(
				any(anyUrl()).inScenario("west").whenScenarioStateIs("down").willReturn(aResponse().withStatus(503)));

		HttpResponse<String> partial = broadcast("first");
		assertPartial(partial, "SignalR Service is unavailable (503)");
		HttpResponse<String> survivor = broadcast("second");
		HttpResponse<String> stillSurvivor = broadcast("third");

		assertThat(survivor.statusCode()).isEqualTo(202);
		assertThat(stillSurvivor.statusCode()).isEqualTo(202);
		assertThat(sends(east)).hasSize(3);
		assertThat(sends(west)).hasSize(1);
		assertThat(online("west")).isFalse();

		west.reset();
		awaitOnline("west", true);
		assertThat(west.requests()).extracting(LoggedRequest::getMethod).extracting(Object::toString).contains("HEAD");
		assertThat(broadcast("fourth").statusCode()).isEqualTo(202);
		assertThat(sends(west)).singleElement()
			.satisfies((send) -> assertThat(send.getBodyAsString()).contains("fourth"));
	}

	@Test
	void unreachableInstanceGivesOnePartial502ThenIsSkippedUntilItIsBack() {
		west.stop();
		try {
			HttpResponse<String> partial = this.http.postJson("/api/status", "{\"status\":\"partial\"}", API_KEY);
			assertPartial(partial, "could not be reached (connect)");
			HttpResponse<String> survivor = this.http.postJson("/api/status", "{\"status\":\"survivor\"}", API_KEY);

			assertThat(survivor.statusCode()).isEqualTo(202);
			assertThat(sends(east)).hasSize(2);
			// Clients of west missed the partial broadcast: history has it for their
			// reconnect.
			assertThat(this.http.get("/api/status/history").body()).contains("\"partial\"", "\"survivor\"");
		}
		finally {
			west.start();
		}
		awaitOnline("west", true);
		assertThat(this.http.postJson("/api/status", "{\"status\":\"back\"}", API_KEY).statusCode()).isEqualTo(202);
		assertThat(sends(west)).singleElement()
			.satisfies((send) -> assertThat(send.getBodyAsString()).contains("back"));
	}

	@Test
	void connectionScopedCallsTakeTheOtherInstances404AsExpected() {
		east.stubFor(post(urlPathEqualTo("/api/hubs/notifications/connections/c1/:send"))
			.willReturn(aResponse().withStatus(202)));
		east.stubFor(put(urlPathEqualTo("/api/hubs/notifications/groups/ops/connections/c1"))
			.willReturn(aResponse().withStatus(200)));
		east.stubFor(delete(urlPathEqualTo("/api/hubs/notifications/connections/c1"))
			.willReturn(aResponse().withStatus(200)));
		for (FakeSignalRService service : List.of(east, west)) {
			service.stubFor(any(urlPathMatching("/api/hubs/notifications/.*connections/gone.*"))
				.willReturn(aResponse().withStatus(404)));
		}
		west.stubFor(any(urlPathMatching("/api/hubs/notifications/.*connections/c1.*"))
			.willReturn(aResponse().withStatus(404)));

		HttpResponse<String> send = this.http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"hello\",\"arguments\":[\"just you\"],\"connectionId\":\"c1\"}", API_KEY);
		HttpResponse<String> join = this.http.call("PUT", "/api/hubs/notifications/groups/ops/connections/c1", API_KEY);
		HttpResponse<String> close = this.http.call("DELETE", "/api/hubs/notifications/connections/c1", API_KEY);
		HttpResponse<String> nowhere = this.http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"hello\",\"connectionId\":\"gone\"}", API_KEY);

		assertThat(send.statusCode()).isEqualTo(202);
		assertThat(join.statusCode()).isEqualTo(200);
		assertThat(close.statusCode()).isEqualTo(200);
		assertThat(nowhere.statusCode()).isEqualTo(404);
		assertThat(nowhere.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(west.requests()).filteredOn((request) -> request.getUrl().contains("/connections/c1"))
			.extracting((request) -> request.getMethod().toString())
			.containsExactlyInAnyOrder("POST", "PUT", "DELETE");
		assertThat(online("west")).isTrue();
	}

	@Test
	void aClientThatDoesNotAnswerInTimeLeavesItsInstanceOnline() {
		east.stubFor(post(urlPathEqualTo("/api/hubs/notifications/connections/slow/:invoke"))
			.willReturn(aResponse().withStatus(504)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"code\":\"Client.Timeout\",\"message\":\"The client did not answer in time.\"}")));
		west.stubFor(post(urlPathEqualTo("/api/hubs/notifications/connections/slow/:invoke"))
			.willReturn(aResponse().withStatus(404)));

		HttpResponse<String> invoked = this.http.postJson("/api/hubs/notifications/connections/slow/invoke",
				"{\"target\":\"confirm\",\"arguments\":[]}", API_KEY);

		assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(504);
		assertThat(online("east")).isTrue();
		assertThat(online("west")).isTrue();
	}

	@Test
	void existenceChecksAnswerExistsWhenAnyInstanceDoes() {
		east.stubFor(
				head(urlPathEqualTo("/api/hubs/notifications/connections/c1")).willReturn(aResponse().withStatus(200)));
		west.stubFor(
				head(urlPathEqualTo("/api/hubs/notifications/connections/c1")).willReturn(aResponse().withStatus(404)));
		east.stubFor(
				head(urlPathEqualTo("/api/hubs/notifications/groups/ops")).willReturn(aResponse().withStatus(404)));
		west.stubFor(
				head(urlPathEqualTo("/api/hubs/notifications/groups/ops")).willReturn(aResponse().withStatus(200)));
		for (FakeSignalRService service : List.of(east, west)) {
			service.stubFor(head(urlPathEqualTo("/api/hubs/notifications/users/nobody"))
				.willReturn(aResponse().withStatus(404)));
		}

		assertThat(exists("/api/hubs/notifications/connections/c1")).isTrue();
		assertThat(exists("/api/hubs/notifications/groups/ops")).isTrue();
		assertThat(exists("/api/hubs/notifications/users/nobody")).isFalse();
	}

	@Test
	void healthDetailsListEveryInstanceWithNameTypeStateAndLastCheck() {
		west.stubForEverything(aResponse().withStatus(503));
		awaitOnline("west", false);

		// Health is cached for a few seconds; wait for a picture with both checked and
		// west offline.
		JsonNode instances = await().atMost(Duration.ofSeconds(15))
			.until(this::healthOfEachInstance, (health) -> !health.path(1).path("online").asBoolean(true)
					&& !health.path(0).path("lastCheck").asString().equals("never"));

		assertThat(instances).hasSize(2);
		assertThat(instances.path(0).path("name").asString()).isEqualTo("east");
		assertThat(instances.path(0).path("type").asString()).isEqualTo("primary");
		assertThat(instances.path(0).path("online").asBoolean()).isTrue();
		assertThat(Instant.parse(instances.path(0).path("lastCheck").asString())).isBefore(Instant.now());
		assertThat(instances.path(1).path("name").asString()).isEqualTo("west");
		assertThat(instances.path(1).path("type").asString()).isEqualTo("secondary");
		assertThat(Instant.parse(instances.path(1).path("lastCheck").asString())).isBefore(Instant.now());
		assertThat(instances.path(1).path("error").asString()).contains("503");
		HttpResponse<String> anonymous = this.http.get("/actuator/health");
		assertThat(BeaconHttp.json(anonymous).path("components").path("signalr").path("status").asString())
			.isEqualTo("UP");
		assertThat(anonymous.body()).doesNotContain("east", "west", "details");
	}

	@Test
	void requestMetricsAreTaggedByEndpointAndOutcome() {
		String eastSuccess = "beacon_signalr_requests_seconds_count{endpoint=\"east\",operation=\"sendToAll\",outcome=\"success\"}";
		String westUnavailable = "beacon_signalr_requests_seconds_count{endpoint=\"west\",operation=\"sendToAll\",outcome=\"unavailable\"}";
		double eastBefore = metric(eastSuccess);
		double westBefore = metric(westUnavailable);
		west.stubFor(post(urlPathEqualTo(SEND_TO_ALL)).willReturn(aResponse().withStatus(503)));

		assertThat(broadcast("counted").statusCode()).isEqualTo(502);

		assertThat(metric(eastSuccess)).isEqualTo(eastBefore + 1);
		assertThat(metric(westUnavailable)).isEqualTo(westBefore + 1);
		// Health checks run every second, the first about a second after start.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(metric(
					"beacon_signalr_requests_seconds_count{endpoint=\"west\",operation=\"health\",outcome=\"success\"}"))
				.isPositive());
	}

	@Test
	void callToMoreInstancesThanTheBulkheadHoldsStillGoesThrough() {
		RestClientFixture.Settings defaults = RestClientFixture.properties(null, Duration.ofSeconds(2),
				Duration.ofMillis(10));
		SignalRProperties settings = defaults.properties();
		RestClientFixture.Settings onePermit = new RestClientFixture.Settings(settings
			.withRestClient(settings.connectTimeout(), settings.readTimeout(), settings.retry(), 1, "2024-12-01"));
		ServiceEndpointProvider both = new RoutedServiceEndpointProvider(
				List.of(endpoint("east", EndpointType.PRIMARY, east), endpoint("west", EndpointType.SECONDARY, west)),
				EndpointRouter.random(), Clock.systemUTC(), Duration.ofSeconds(1));
		SignalRRestClient client = RestClientFixture.client(both, onePermit, new SimpleMeterRegistry());

		client.sendToAll("notifications", SignalRMessage.of("hello", "one permit"), List.of());

		assertThat(sends(east)).hasSize(1);
		assertThat(sends(west)).hasSize(1);
	}

	@Test
	void upstreamSignedWithEitherInstancesKeyIsAcceptedAndAnyOtherKeyIsNot() {
		String thirdKey = "THIRDTHIRDTHIRDTHIRDTHIRDTHIRDTHIRDTHIRD1234";

		assertThat(upstreamConnected(EAST_KEY).statusCode()).isEqualTo(200);
		assertThat(upstreamConnected(WEST_KEY).statusCode()).isEqualTo(200);
		assertThat(upstreamConnected(thirdKey).statusCode()).isEqualTo(401);
	}

	private void assertPartial(HttpResponse<String> response, String westReason) {
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = BeaconHttp.json(response);
		assertThat(problem.path("accepted").valueStream().map(JsonNode::asString)).containsExactly("east");
		assertThat(problem.path("failed").propertyNames()).containsExactly("west");
		assertThat(problem.path("failed").path("west").asString()).contains(westReason);
	}

	/** {@code components.signalr.details.endpoints} of the health an operator sees. */
	private JsonNode healthOfEachInstance() {
		HttpResponse<String> health = this.http
			.send(this.http.request("/actuator/health").header("X-API-Key", API_KEY));
		JsonNode signalr = BeaconHttp.json(health).path("components").path("signalr");
		assertThat(signalr.path("status").asString()).isEqualTo("UP");
		return signalr.path("details").path("endpoints");
	}

	private HttpResponse<String> broadcast(String text) {
		return this.http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"hello\",\"arguments\":[\"" + text + "\"]}", API_KEY);
	}

	private boolean exists(String path) {
		HttpResponse<String> response = this.http.call("GET", path, API_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		return BeaconHttp.json(response).path("exists").asBoolean();
	}

	private HttpResponse<String> upstreamConnected(String key) {
		return UpstreamRequests.connectionEvent(this.http, key, "notifications", "connected", "conn-1", null);
	}

	/** A series' value in the Prometheus scrape, 0 when it has none yet. */
	private double metric(String series) {
		return this.http.get("/actuator/prometheus")
			.body()
			.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElse(0);
	}

	private static List<LoggedRequest> sends(FakeSignalRService service) {
		return service.requests().stream().filter((request) -> request.getUrl().startsWith(SEND_TO_ALL + "?")).toList();
	}

	private boolean online(String name) {
		return this.endpoints.statuses()
			.stream()
			.filter((status) -> status.endpoint().name().equals(name))
			.allMatch(EndpointStatus::online);
	}

	private void awaitOnline(String name, boolean online) {
		await().atMost(Duration.ofSeconds(10)).until(() -> online(name) == online);
	}

	private static ServiceEndpoint endpoint(String name, EndpointType type, FakeSignalRService service) {
		return new ConfiguredEndpoint(name, name, type, service.connectionString()).parse((identity) -> {
			throw new IllegalStateException("No Entra ID here");
		});
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
