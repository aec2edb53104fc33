package dev.beacon.local;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official JavaScript client never offers MessagePack over Server-Sent Events, so
 * this asks the local service directly, as a client that tried would: the handshake is
 * refused with the official server's error, on the event stream.
 */
@BeaconTest
class ServerSentEventsMessagePackTests {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aMessagePackHandshakeOnServerSentEventsIsRefusedOnTheStream() throws Exception {
		JsonNode redirect = BeaconHttp.json(new BeaconHttp(this.port).negotiate());
		String url = redirect.path("url").asString();
		String token = redirect.path("accessToken").asString();
		HttpResponse<String> negotiated = this.http.send(HttpRequest
			.newBuilder(URI.create(url.replace("/client/?", "/client/negotiate?") + "&negotiateVersion=1"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		URI connection = URI.create(url + "&id=" + BeaconHttp.json(negotiated).path("connectionToken").asString());
		CompletableFuture<HttpResponse<InputStream>> stream = this.http.sendAsync(HttpRequest.newBuilder(connection)
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		HttpResponse<InputStream> events = stream.get(10, TimeUnit.SECONDS);

		HttpResponse<String> handshake = this.http.send(HttpRequest.newBuilder(connection)
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString("{\"protocol\":\"messagepack\",\"version\":1}\u001e"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(handshake.statusCode()).isEqualTo(200);
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
			String line;
			String data = null;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("data: ")) {
					data = line.substring(6);
					break;
				}
			}
			assertThat(data).isEqualTo(
					"{\"error\":\"Cannot use the 'messagepack' protocol on the current transport. The transport does not support 'Binary' transfer format.\"}\u001e");
		}
	}

}
