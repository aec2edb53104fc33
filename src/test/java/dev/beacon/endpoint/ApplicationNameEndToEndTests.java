package dev.beacon.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.OfficialClients;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application name ({@code beacon.signalr.application}) on a shared resource, end to
 * end in local mode with the official client: negotiate sends clients to the service's
 * {@code {application}_{hub}}, the REST client's sends (which name the application) reach
 * them, and the upstream's {@code X-ASRS-Hub} of that name reaches Beacon's hub methods.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.signalr.application=Shop", "beacon.api.keys=" + ApplicationNameEndToEndTests.API_KEY,
				"beacon.upstream.broadcast-enabled=true", "beacon.status.broadcast-interval=0" })
class ApplicationNameEndToEndTests {

	static final String API_KEY = "application-name-key-0123456789abcdef0123456789";

	@LocalServerPort
	int port;

	@AutoClose
	private OfficialClients clients;

	@Test
	void clientsOfAnApplicationReceiveItsSendsAndReachItsHubMethods() {
		BeaconHttp http = new BeaconHttp(this.port);
		String url = BeaconHttp.json(http.negotiate()).path("url").asString();
		assertThat(url).endsWith("/client/?hub=shop_notifications");

		this.clients = new OfficialClients(this.port);
		OfficialClients.Client client = this.clients.connect(null);
		List<Map<?, ?>> broadcasts = new CopyOnWriteArrayList<>();
		client.connection().on("newMessage", broadcasts::add, Map.class);

		assertThat(http
			.postJson("/api/hubs/notifications/messages",
					"{\"target\":\"" + OfficialClients.TARGET + "\",\"arguments\":[\"to the shop\"]}", API_KEY)
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> client.count("to the shop") == 1);

		client.connection().invoke("broadcast", "from a shopper").blockingAwait(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> !broadcasts.isEmpty());
		assertThat(broadcasts.get(0).get("text")).isEqualTo("from a shopper");
	}

}
