package dev.beacon.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of the local service written by hand over the JDK's WebSocket, for what the
 * official clients hide: the connection token (to try it over other transports or
 * replicas) and a client that stops reading. It negotiates (version 1) with a client
 * token, connects with the connection token and completes the JSON handshake.
 */
public final class RawWebSocketClient {

	private RawWebSocketClient() {
	}

	/**
	 * Negotiates on one Beacon and connects to another (or the same).
	 * @param negotiateUrl the Beacon that negotiates, e.g. {@code http://127.0.0.1:8080}
	 * @param connectUrl the Beacon the WebSocket goes to
	 * @param hub the hub
	 * @param token a client token for the hub
	 * @param keepReading whether the client goes on reading after the handshake's answer
	 * @return the connected client
	 * @throws Exception if it does not connect and handshake within seconds
	 */
	public static Connected connect(String negotiateUrl, String connectUrl, String hub, String token,
			boolean keepReading) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> negotiated = http.send(HttpRequest
			.newBuilder(URI.create(negotiateUrl + "/local/client/negotiate?hub=" + hub + "&negotiateVersion=1"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(negotiated.statusCode()).as(negotiated.body()).isEqualTo(200);
		JsonNode answer = JsonMapper.shared().readTree(negotiated.body());
		String id = URLEncoder.encode(answer.path("connectionToken").asString(), StandardCharsets.UTF_8);
		BlockingQueue<String> frames = new LinkedBlockingQueue<>();
		WebSocket socket = http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + token)
			.buildAsync(URI.create(connectUrl.replaceFirst("^http", "ws") + "/local/client/?hub=" + hub + "&id=" + id),
					new WebSocket.Listener() {

						@Override
						public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
							frames.add(data.toString());
							if (keepReading) {
								webSocket.request(1);
							}
							return null;
						}

					})
			.get(10, TimeUnit.SECONDS);
		socket.sendText("{\"protocol\":\"json\",\"version\":1}\u001e", true).get(5, TimeUnit.SECONDS);
		assertThat(frames.poll(10, TimeUnit.SECONDS)).isEqualTo("{}\u001e");
		return new Connected(socket, answer.path("connectionId").asString(), id, frames);
	}

	/**
	 * A connected client.
	 *
	 * @param socket its WebSocket
	 * @param connectionId its public connection ID
	 * @param connectionToken its connection token, URL-encoded for the {@code id} query
	 * parameter
	 * @param frames the text frames it read
	 */
	public record Connected(WebSocket socket, String connectionId, String connectionToken,
			BlockingQueue<String> frames) {

	}

}
