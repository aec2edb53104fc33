package dev.beacon.local;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import dev.beacon.credential.AccessKey;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.RawWebSocketClient;
import dev.beacon.support.ReceivedMessages;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The official Java client ({@code com.microsoft.signalr}) pointed at Beacon's
 * {@code /api} in local mode: it follows the negotiate redirect itself, and every message
 * published through Beacon's API reaches exactly the clients it should.
 */
@BeaconTest
class LocalServiceEndToEndTests {

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	private BeaconHttp http;

	@AutoClose
	private OfficialClients clients;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
		this.clients = new OfficialClients(this.port);
	}

	@ParameterizedTest
	@EnumSource(value = TransportEnum.class, names = { "WEBSOCKETS", "LONG_POLLING" })
	void messagesReachExactlyTheRightClients(TransportEnum transport) throws Exception {
		Client alice = connect(transport, "alice");
		Client bob = connect(transport, "bob");
		Client anonymous = connect(transport, null);

		publish("{\"target\":\"hello\",\"arguments\":[\"all\"]}");
		publish("{\"target\":\"hello\",\"arguments\":[\"to-alice\"],\"userId\":\"alice\"}");
		api("PUT", "/api/hubs/notifications/groups/ops/connections/" + bob.id());
		publish("{\"target\":\"hello\",\"arguments\":[\"to-ops\"],\"groupName\":\"ops\"}");
		publish("{\"target\":\"hello\",\"arguments\":[\"to-anonymous\"],\"connectionId\":\"" + anonymous.id() + "\"}");
		publish("{\"target\":\"hello\",\"arguments\":[\"all-but-alice\"],\"excluded\":[\"" + alice.id() + "\"]}");
		publish("{\"target\":\"hello\",\"arguments\":[\"end\"]}");

		assertThat(alice.until("end")).containsExactly("all", "to-alice", "end");
		assertThat(bob.until("end")).containsExactly("all", "to-ops", "all-but-alice", "end");
		assertThat(anonymous.until("end")).containsExactly("all", "to-anonymous", "all-but-alice", "end");
	}

	/**
	 * The Java client's stop sends Close, then DELETE, and waits for its outstanding poll
	 * to end: the poll answers at once, not after its 20 s timeout.
	 */
	@Test
	void aLongPollingClientThatStopsHasItsPollAnsweredAtOnce() throws Exception {
		Client leaving = connect(TransportEnum.LONG_POLLING, "leaving");
		String id = leaving.id();

		long started = System.nanoTime();
		assertThat(leaving.connection().stop().blockingAwait(15, TimeUnit.SECONDS)).as("stopped").isTrue();

		// Well under the poll's 20 s, with room for a busy machine
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		assertThat(api("GET", "/api/hubs/notifications/connections/" + id).body()).isEqualTo("{\"exists\":false}");
	}

	@Test
	void userGroupMembershipAppliesToTheUsersConnectionsAndCanBeChecked() throws Exception {
		Client nadia = connect(TransportEnum.WEBSOCKETS, "nadia");

		api("PUT", "/api/hubs/notifications/groups/night%20shift/users/nadia?ttl=60");
		publish("{\"target\":\"hello\",\"arguments\":[\"to-group\"],\"groupName\":\"night shift\"}");
		publish("{\"target\":\"hello\",\"arguments\":[\"end\"]}");

		assertThat(nadia.until("end")).containsExactly("to-group", "end");
		assertThat(api("GET", "/api/hubs/notifications/users/nadia").body()).isEqualTo("{\"exists\":true}");
		assertThat(api("GET", "/api/hubs/notifications/groups/night%20shift").body()).isEqualTo("{\"exists\":true}");
		assertThat(api("GET", "/api/hubs/notifications/connections/" + nadia.id()).body())
			.isEqualTo("{\"exists\":true}");
		assertThat(api("GET", "/api/hubs/notifications/users/nobody").body()).isEqualTo("{\"exists\":false}");
	}

	@Test
	void userIdsWithSlashesSpacesAndHashesRoundTripThroughPaths() throws Exception {
		Client tenantUser = connect(TransportEnum.WEBSOCKETS, "tenant/alice #1");
		BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
		tenantUser.connection()
			.on("statusUpdate", (Map event) -> statuses.add((String) event.get("status")), Map.class);

		HttpResponse<String> response = this.http.postJson("/api/status/users/tenant%2Falice%20%231",
				"{\"status\":\"degraded\"}", API_KEY);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(statuses.poll(10, TimeUnit.SECONDS)).isEqualTo("degraded");
	}

	@Test
	void restSendsMatchTheMessagesNamesInAnyCaseAndRefuseOtherOrRepeatedOnes() throws Exception {
		Client erin = connect(TransportEnum.WEBSOCKETS, "erin");
		String send = "/api/hubs/notifications/connections/" + erin.id() + "/:send";

		assertThat(localRest(send, "{\"Target\":\"hello\",\"Arguments\":[\"as .NET writes it\"]}").statusCode())
			.isEqualTo(202);
		assertThat(localRest(send, "{\"target\":\"hello\",\"arguments\":[\"x\"],\"argument\":[\"y\"]}"))
			.satisfies((response) -> assertThat(response.statusCode()).isEqualTo(400))
			.satisfies((response) -> assertThat(BeaconHttp.json(response).path("detail").asString())
				.isEqualTo("\"argument\" is not a property; did you mean \"arguments\"?"));
		assertThat(localRest(send, "{\"target\":\"hello\",\"Target\":\"other\",\"arguments\":[\"x\"]}"))
			.satisfies((response) -> assertThat(response.statusCode()).isEqualTo(400))
			.satisfies((response) -> assertThat(BeaconHttp.json(response).path("detail").asString())
				.isEqualTo("\"target\" and \"Target\" are the same property; give it once"));
		assertThat(localRest(send, "{\"target\":\"hello\",\"target\":\"hello\",\"arguments\":[\"x\"]}"))
			.satisfies((response) -> assertThat(response.statusCode()).isEqualTo(400));
		assertThat(localRest(send, "{\"target\":\"hello\",\"arguments\":[\"end\"]}").statusCode()).isEqualTo(202);

		assertThat(erin.until("end")).containsExactly("as .NET writes it", "end");
	}

	@Test
	void closingAConnectionThroughTheApiClosesTheClient() throws Exception {
		Client dave = connect(TransportEnum.WEBSOCKETS, "dave");
		CompletableFuture<Exception> closed = new CompletableFuture<>();
		dave.connection().onClosed((ex) -> closed.complete(ex));

		assertThat(
				api("DELETE", "/api/hubs/notifications/connections/" + dave.id() + "?reason=maintenance").statusCode())
			.isEqualTo(200);

		Exception reason = closed.get(10, TimeUnit.SECONDS);
		assertThat(reason).isNotNull().hasMessageContaining("maintenance");
		assertThat(api("GET", "/api/hubs/notifications/connections/" + dave.id()).body())
			.isEqualTo("{\"exists\":false}");
	}

	@Test
	void expiredForeignUnsignedOrOtherAlgorithmTokensAreRefused() throws Exception {
		String audience = "http://localhost:" + this.port + "/local/client/?hub=notifications";
		String expired = this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY), audience, Duration.ofSeconds(-10),
				Map.of());
		String foreign = this.tokens.issue(new AccessKey("SOMEONEELSESKEYSOMEONEELSESKEYSOMEONEELSE1234"), audience,
				Duration.ofMinutes(5), Map.of());
		String otherHub = this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY),
				"http://localhost:" + this.port + "/local/client/?hub=other", Duration.ofMinutes(5), Map.of());

		assertThat(negotiateWith(expired)).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).contains("expired");
		});
		assertThat(negotiateWith(foreign).statusCode()).isEqualTo(401);
		assertThat(negotiateWith(otherHub).statusCode()).isEqualTo(401);
		assertThat(negotiateWith("not-a-jwt").statusCode()).isEqualTo(401);
		assertThat(negotiateWith(unsigned(audience)).statusCode()).as("alg none").isEqualTo(401);
		assertThat(negotiateWith(hs512(audience)).statusCode()).as("another algorithm").isEqualTo(401);
		assertThat(negotiateWith(null).statusCode()).isEqualTo(401);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/local/%61pi/auth/accessKey", "/%6Cocal/api/auth/accessKey",
			"/local/ap%69/v1/auth/accessKey", "/local/api/auth/accessKe%79", "/local/%61pi/hubs/notifications/:send",
			"/local/%63lient/negotiate?hub=notifications", "/%6cocal/client/?hub=notifications&id=x" })
	void aPathWithAnyPartPercentEncodedStillNeedsItsToken(String path) {
		HttpResponse<String> get = this.http.get(path);
		HttpResponse<String> post = this.http.send(this.http.request(path)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"hello\",\"arguments\":[]}")));

		assertThat(List.of(get.statusCode(), post.statusCode())).as(path)
			.allMatch((status) -> status == 401 || status == 404 || status == 405);
		assertThat(get.body() + post.body()).doesNotContain(LOCAL_ACCESS_KEY);
	}

	@Test
	void aWebSocketConnectionCannotBeSentToPolledOrDeletedOverHttp() throws Exception {
		String audience = "http://localhost:" + this.port + "/local/client/?hub=notifications";
		String token = this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY), audience, Duration.ofMinutes(5), Map.of());
		RawWebSocketClient.Connected client = RawWebSocketClient.connect("http://127.0.0.1:" + this.port,
				"http://127.0.0.1:" + this.port, "notifications", token, true);
		String path = "/local/client/?hub=notifications&id=" + client.connectionToken();

		HttpResponse<String> sent = this.http.send(this.http.request(path)
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":7}\u001e")));
		HttpResponse<String> deleted = this.http
			.send(this.http.request(path).header("Authorization", "Bearer " + token).DELETE());
		HttpResponse<String> polled = this.http
			.send(this.http.request(path).header("Authorization", "Bearer " + token).GET());

		assertThat(sent.statusCode()).isEqualTo(405);
		assertThat(sent.body()).contains("POST requests are not allowed for WebSocket connections");
		assertThat(deleted.statusCode()).isEqualTo(400);
		assertThat(deleted.body()).contains("Cannot terminate this connection using the DELETE endpoint");
		assertThat(polled.statusCode()).isEqualTo(400);
		assertThat(polled.body()).contains("Cannot change transports mid-connection");
		publish("{\"target\":\"hello\",\"arguments\":[\"still here\"],\"connectionId\":\"" + client.connectionId()
				+ "\"}");
		assertThat(client.frames().poll(10, TimeUnit.SECONDS)).contains("still here");
		client.socket().sendClose(WebSocket.NORMAL_CLOSURE, "done");
	}

	@Test
	void officialClientWithABadTokenCannotConnect() {
		HubConnection connection = HubConnectionBuilder
			.create("http://localhost:" + this.port + "/local/client/?hub=notifications")
			.withAccessTokenProvider(io.reactivex.rxjava3.core.Single.just("forged"))
			.build();

		Throwable failure = catchThrowable(() -> connection.start().blockingAwait(10, TimeUnit.SECONDS));

		assertThat(failure).isNotNull().hasMessageContaining("401");
	}

	/** {@code alg: none}: a token anyone can write. */
	private static String unsigned(String audience) {
		java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
		String payload = base64
			.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + "}")
				.getBytes());
		return header + "." + payload + ".";
	}

	/** Signed with the local key, but with HS512 instead of HS256. */
	private static String hs512(String audience) throws Exception {
		java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
		String signingInput = base64.encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes()) + "."
				+ base64.encodeToString(
						("{\"aud\":\"" + audience + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + "}")
							.getBytes());
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
		mac.init(new javax.crypto.spec.SecretKeySpec(LOCAL_ACCESS_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				"HmacSHA512"));
		return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes()));
	}

	/** A signed call of the local service's own REST API, as Beacon's client makes. */
	private HttpResponse<String> localRest(String path, String body) {
		String target = path + "?api-version=2022-06-01";
		String token = this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY), "http://localhost" + target,
				Duration.ofMinutes(5), Map.of());
		return this.http.send(this.http.request("/local" + target)
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> negotiateWith(String token) {
		var request = this.http.request("/local/client/negotiate?hub=notifications&negotiateVersion=1")
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request);
	}

	private Client connect(TransportEnum transport, String user) {
		HubConnection connection = this.clients.builder(user).withTransport(transport).build();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		connection.on("hello", received::add, String.class);
		return new Client(this.clients.start(connection), received);
	}

	private void publish(String json) {
		assertThat(this.http.postJson("/api/hubs/notifications/messages", json, API_KEY).statusCode()).isEqualTo(202);
	}

	private HttpResponse<String> api(String method, String path) {
		HttpResponse<String> response = this.http.call(method, path, API_KEY);
		assertThat(response.statusCode()).as(response.body()).isLessThan(300);
		return response;
	}

	record Client(HubConnection connection, BlockingQueue<String> received) {

		String id() {
			return this.connection.getConnectionId();
		}

		List<String> until(String last) throws InterruptedException {
			return ReceivedMessages.until(this.received, last, Duration.ofSeconds(10));
		}

	}

}
