package dev.beacon.presence;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import dev.beacon.support.UpstreamRequests;
import dev.beacon.upstream.ClientConnectedEvent;
import dev.beacon.upstream.ClientDisconnectedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection events as they really arrive, driven through the upstream receiver with
 * valid signatures in Azure mode: twice, out of order, or never; the counts end right, a
 * lost disconnect is reconciled by the service's existence check, and the application's
 * own listeners still see every event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.status.broadcast-interval=0",
				"beacon.presence.reconcile-after=1s" })
@Import(PresenceEventOrderTests.ApplicationListeners.class)
class PresenceEventOrderTests {

	static final String HUB = "notifications";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(200);

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	private BeaconHttp http;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
	}

	@Test
	void aDuplicatedEventCountsOnce() {
		event("dup-1", "connected", "dana");
		event("dup-1", "connected", "dana");
		assertThat(connections("dana")).hasSize(1);

		event("dup-1", "disconnected", "dana");
		event("dup-1", "disconnected", "dana");
		assertThat(connections("dana")).isEmpty();
	}

	@Test
	void aDisconnectThatOvertakesItsConnectWins() {
		event("late-1", "disconnected", "erin");
		event("late-1", "connected", "erin");

		assertThat(connections("erin")).isEmpty();
		assertThat(ApplicationListeners.events).contains("connected late-1", "disconnected late-1");
	}

	@Test
	void aLostDisconnectIsReconciledWithTheServicesExistenceCheck() {
		service.stubFor(head(urlPathEqualTo("/api/hubs/notifications/connections/lost-1"))
			.willReturn(aResponse().withStatus(404).withHeader("x-ms-error-code", "Warning.Connection.NotExisted")));
		service.stubFor(head(urlPathEqualTo("/api/hubs/notifications/connections/alive-1"))
			.willReturn(aResponse().withStatus(200)));
		event("lost-1", "connected", "frank");
		event("alive-1", "connected", "grace");

		await("frank's lost connection reconciled").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> connections("frank"), List::isEmpty);

		assertThat(connections("grace")).hasSize(1);
		assertThat(this.meterRegistry.get("beacon.presence.reconciled").tag("outcome", "gone").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meterRegistry.get("beacon.presence.reconciled").tag("outcome", "present").counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void healthSaysWhetherConnectionEventsArrive() {
		event("health-1", "connected", null);

		JsonNode presence = BeaconHttp
			.json(this.http.send(this.http.request("/actuator/health").header("X-API-Key", API_KEY).GET()))
			.path("components")
			.path("presence");
		assertThat(presence.path("details").path("connectionEvents").asLong()).isPositive();
		assertThat(presence.path("details").path("lastConnectionEvent").asString()).doesNotContain("none");
	}

	private List<JsonNode> connections(String user) {
		HttpResponse<String> response = this.http.send(
				this.http.request("/api/hubs/notifications/presence/users/" + user).header("X-API-Key", API_KEY).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> connections = new java.util.ArrayList<>();
		BeaconHttp.json(response).path("connections").forEach(connections::add);
		return connections;
	}

	private void event(String connectionId, String event, String user) {
		assertThat(UpstreamRequests.connectionEvent(this.http, TestKeys.ACCESS_KEY, HUB, event, connectionId, user)
			.statusCode()).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApplicationListeners {

		static final List<String> events = new CopyOnWriteArrayList<>();

		@EventListener
		void connected(ClientConnectedEvent event) {
			events.add("connected " + event.connectionId());
		}

		@EventListener
		void disconnected(ClientDisconnectedEvent event) {
			events.add("disconnected " + event.connectionId());
		}

	}

}
