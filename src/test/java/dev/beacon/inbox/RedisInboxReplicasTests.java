package dev.beacon.inbox;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import dev.beacon.support.TwoReplicas;
import dev.beacon.support.UpstreamRequests;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TwoReplicas.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Beacon replicas in Azure mode sharing one real {@code redis-server} and one SignalR
 * Service (WireMock), with the inbox on: a message kept through one replica is replayed
 * by the other to a connection the user opens there, exactly as it was sent, an
 * acknowledgment through either empties the inbox both see, and an acknowledgment never
 * reaches another user's inbox.
 */
class RedisInboxReplicasTests {

	static final String HUB = "notifications";

	static final String MESSAGES = "/api/hubs/notifications/messages";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@RegisterExtension
	static final TwoReplicas replicas = new TwoReplicas(service, "inbox", "everysec", "--beacon.inbox.enabled=true",
			"--beacon.negotiate.user-id-source=easy-auth", "--beacon.status.broadcast-interval=0");

	@Test
	void aMessageKeptThroughOneReplicaIsReplayedByTheOtherAndAcknowledgedThere() {
		BeaconHttp a = http(replicas.a());
		BeaconHttp b = http(replicas.b());
		HttpResponse<String> status = a.postJson("/api/status/users/uma",
				"{\"status\":\"outage\",\"message\":\"Your region is down\",\"details\":{\"expiresAtMillis\":1}}",
				API_KEY);
		assertThat(status.statusCode()).isEqualTo(202);
		String statusId = BeaconHttp.json(status).path("id").asString();
		HttpResponse<String> order = a
			.postJson(MESSAGES, "{\"target\":\"newOrder\",\"userId\":\"uma\",\"id\":\"order-42\","
					+ "\"arguments\":[{\"id\":42,\"expiresAtMillis\":1},\"say \\\"expiresAtMillis\\\":1\",[1.5,null,true]]}",
					API_KEY);
		assertThat(order.statusCode()).isEqualTo(202);
		List<String> live = bodies(sends("/api/hubs/notifications/users/uma/:send"));
		assertThat(live).hasSize(2);
		service.resetRequests();

		connection(b, "connected", "uma-1", "uma");

		List<String> replayed = bodies(awaitSends("uma-1", 2));
		assertThat(json(replayed.get(0))).isEqualTo(json(live.get(0)));
		assertThat(json(replayed.get(1))).isEqualTo(json(live.get(1)));
		assertThat(json(replayed.get(0)).path("arguments").get(0)).isEqualTo(BeaconHttp.json(status));
		assertThat(inbox(a, "uma").path("pending").asInt()).isEqualTo(2);
		assertThat(ids(inbox(b, "uma"))).containsExactly(statusId, "order-42");

		assertThat(ack(b, "uma-1", "uma", "[\"" + statusId + "\"]")).isEqualTo(completion(1));
		assertThat(ids(inbox(a, "uma"))).containsExactly("order-42");
		assertThat(ack(b, "uma-1", "uma", "\"order-42\"")).isEqualTo(completion(1));
		assertThat(ack(a, "uma-1", "uma", "[\"order-42\",\"" + statusId + "\"]")).isEqualTo(completion(0));

		JsonNode empty = inbox(a, "uma");
		assertThat(empty.path("userId").asString()).isEqualTo("uma");
		assertThat(empty.path("pending").asInt()).isZero();
		assertThat(empty.path("messages")).isEmpty();
		connection(a, "connected", "uma-2", "uma");
		connection(a, "connected", "vic-1", "vic");
		a.postJson(MESSAGES, "{\"target\":\"marker\",\"userId\":\"vic\",\"arguments\":[]}", API_KEY);
		connection(a, "connected", "vic-2", "vic");
		awaitSends("vic-2", 1);
		assertThat(sends(sendPath("uma-2"))).isEmpty();
	}

	@Test
	void anAcknowledgmentRemovesOnlyFromTheCallersOwnInbox() {
		BeaconHttp a = http(replicas.a());
		BeaconHttp b = http(replicas.b());
		String odd = "wes|b:{c}";
		send(a, "wes", "shared-id");
		send(b, odd, "shared-id");

		assertThat(ack(b, "xan-1", "xan", "\"shared-id\"")).isEqualTo(completion(0));
		assertThat(ack(a, "wes-1", "wes", "[\"shared-id\"]")).isEqualTo(completion(1));

		assertThat(inbox(b, "wes").path("pending").asInt()).isZero();
		assertThat(ids(inbox(a, odd))).containsExactly("shared-id");
		assertThat(ids(inbox(b, odd))).containsExactly("shared-id");
		assertThat(ack(a, "anonymous-1", null, "\"shared-id\"")).contains("\"error\":")
			.contains("ack needs a user: this connection is anonymous");
		assertThat(ids(inbox(a, odd))).containsExactly("shared-id");
	}

	@Test
	void theInboxIsTheCallersOnlyAndNeedsAUser() {
		BeaconHttp a = http(replicas.a());
		send(a, "yan", "for-yan");

		assertThat(a.get("/api/inbox").statusCode()).isEqualTo(401);
		assertThat(ids(inbox(a, "zed"))).isEmpty();
		assertThat(a.send(a.request("/api/inbox?hub=unknown").header("X-MS-CLIENT-PRINCIPAL-ID", "yan")).statusCode())
			.isEqualTo(404);
		assertThat(ids(inbox(a, "yan"))).containsExactly("for-yan");
	}

	private static void send(BeaconHttp replica, String user, String id) {
		String body = "{\"target\":\"note\",\"userId\":\"" + user + "\",\"id\":\"" + id + "\",\"arguments\":[\"hi\"]}";
		assertThat(replica.postJson(MESSAGES, body, API_KEY).statusCode()).isEqualTo(202);
	}

	private static JsonNode inbox(BeaconHttp replica, String user) {
		HttpResponse<String> response = replica
			.send(replica.request("/api/inbox").header("X-MS-CLIENT-PRINCIPAL-ID", user).GET());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return BeaconHttp.json(response);
	}

	private static List<String> ids(JsonNode inbox) {
		return inbox.path("messages").valueStream().map((message) -> message.path("id").asString()).toList();
	}

	private static String completion(int result) {
		return "{\"type\":3,\"invocationId\":\"1\",\"result\":" + result + "}\u001e";
	}

	/** A client's {@code invoke("ack", ids)}, as SignalR Service posts it upstream. */
	private static String ack(BeaconHttp replica, String connectionId, @Nullable String userId, String ids) {
		HttpResponse<String> response = replica
			.send(UpstreamRequests.request(replica, TestKeys.ACCESS_KEY, HUB, "messages", "ack", connectionId, userId)
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"type\":1,\"invocationId\":\"1\",\"target\":\"ack\",\"arguments\":[" + ids + "]}")));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private static void connection(BeaconHttp replica, String event, String connectionId, String userId) {
		assertThat(UpstreamRequests.connectionEvent(replica, TestKeys.ACCESS_KEY, HUB, event, connectionId, userId)
			.statusCode()).as(event + " " + connectionId).isEqualTo(200);
	}

	/** Replays run after the connect is answered: waits for them. */
	private static List<LoggedRequest> awaitSends(String connectionId, int count) {
		List<LoggedRequest> sends = await("sends to " + connectionId).atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> sends(sendPath(connectionId)), (sent) -> sent.size() >= count);
		assertThat(sends).as("sends to " + connectionId).hasSize(count);
		return sends;
	}

	private static String sendPath(String connectionId) {
		return "/api/hubs/notifications/connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
				+ "/:send";
	}

	private static List<LoggedRequest> sends(String path) {
		return service.requests()
			.stream()
			.filter((request) -> request.getMethod().value().equals("POST") && request.getUrl().startsWith(path))
			.toList();
	}

	private static List<String> bodies(List<LoggedRequest> requests) {
		return requests.stream().map(LoggedRequest::getBodyAsString).toList();
	}

	private static JsonNode json(String body) {
		return JsonMapper.shared().readTree(body);
	}

}
