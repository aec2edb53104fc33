package dev.beacon.local.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OfficialClients.Client;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

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
		BlockingQueue<String> stalledFrames = new LinkedBlockingQueue<>();
		Stalled stalled = connectAndStopReading(stalledFrames);
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

	/** A WebSocket that completes the handshake, then asks for nothing more. */
	private Stalled connectAndStopReading(BlockingQueue<String> frames) throws Exception {
		String audience = "http://localhost:" + this.port + "/local/client/?hub=notifications";
		String token = this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY), audience, Duration.ofMinutes(5), Map.of());
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> negotiated = http.send(HttpRequest
			.newBuilder(URI.create(
					"http://127.0.0.1:" + this.port + "/local/client/negotiate?hub=notifications&negotiateVersion=1"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		String id = URLEncoder.encode(
				JsonMapper.shared().readTree(negotiated.body()).path("connectionToken").asString(),
				StandardCharsets.UTF_8);
		WebSocket socket = http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + token)
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/local/client/?hub=notifications&id=" + id),
					new WebSocket.Listener() {

						@Override
						public void onOpen(WebSocket webSocket) {
							webSocket.request(1);
						}

						@Override
						public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
							// the handshake's answer; no more is asked for
							frames.add(data.toString());
							return null;
						}

					})
			.get(10, TimeUnit.SECONDS);
		socket.sendText("{\"protocol\":\"json\",\"version\":1}\u001e", true).get(5, TimeUnit.SECONDS);
		assertThat(frames.poll(10, TimeUnit.SECONDS)).isEqualTo("{}\u001e");
		return new Stalled(socket, JsonMapper.shared().readTree(negotiated.body()).path("connectionId").asString());
	}

	record Stalled(WebSocket socket, String connectionId) {
	}

}
