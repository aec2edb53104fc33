package dev.beacon.local.client;

import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OfficialClients.Client;
import dev.beacon.support.RawWebSocketClient;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client that stops reading: what is sent to it waits in its own bounded
 * queue, never on the caller's thread, so broadcasts to everyone else go on at once and
 * the stalled client is closed once it falls the outbound buffer behind.
 */
@BeaconTest
class StalledWebSocketClientTests {

	static final int BROADCASTS = 60;

	static final String PAYLOAD = "x".repeat(256 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	@AutoClose
	OfficialClients clients;

	@Test
	void aClientThatStopsReadingHoldsUpNoBroadcastAndIsClosedOnceTooFarBehind() throws Exception {
		this.clients = new OfficialClients(this.port);
		Client healthy = this.clients.connect(null);
		String audience = "http://localhost:" + this.port + "/local/client/?hub=notifications";
		String token = this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY), audience, Duration.ofMinutes(5), Map.of());
		String url = "http://127.0.0.1:" + this.port;
		RawWebSocketClient.Connected stalled = RawWebSocketClient.connect(url, url, "notifications", token, false);
		BeaconHttp http = new BeaconHttp(this.port);
		assertThat(exists(http, stalled.connectionId())).isTrue();

		long started = System.nanoTime();
		for (int i = 0; i < BROADCASTS; i++) {
			HttpResponse<String> published = http.postJson("/api/hubs/notifications/messages",
					"{\"target\":\"hello\",\"arguments\":[\"" + i + PAYLOAD + "\"]}", API_KEY);
			assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
		}
		Duration publishing = Duration.ofNanos(System.nanoTime() - started);

		await().atMost(Duration.ofSeconds(20)).until(() -> healthy.received().size() >= BROADCASTS);
		for (int i = 0; i < BROADCASTS; i++) {
			assertThat(healthy.received().get(i)).as("broadcast %d", i).startsWith(i + "x");
		}
		assertThat(publishing).as("publishing %d broadcasts of 256 KB", BROADCASTS).isLessThan(Duration.ofSeconds(30));
		try {
			await("the stalled client closed").atMost(Duration.ofSeconds(20))
				.until(() -> !exists(http, stalled.connectionId()));
		}
		finally {
			stalled.socket().abort();
		}
	}

	private static boolean exists(BeaconHttp http, String connectionId) {
		String body = http.call("GET", "/api/hubs/notifications/connections/" + connectionId, API_KEY).body();
		assertThat(body).containsAnyOf("\"exists\":true", "\"exists\":false");
		return body.contains("\"exists\":true");
	}

}
