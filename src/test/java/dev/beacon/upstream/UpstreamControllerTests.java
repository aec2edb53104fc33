package dev.beacon.upstream;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.BeaconHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver over real HTTP, as SignalR Service would call it.
 */
@UpstreamReceiverTest
class UpstreamControllerTests {

	static final String PRIMARY = "PRIMARYPRIMARYPRIMARYPRIMARYPRIMARYPRIMARY12";

	static final String SECONDARY = "SECONDARYSECONDARYSECONDARYSECONDARYSECOND12";

	@LocalServerPort
	int port;

	BeaconHttp http;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
		TestHandlers.events.clear();
	}

	private static <T> java.util.stream.Stream<T> events(Class<T> type) {
		return TestHandlers.events.stream().filter(type::isInstance).map(type::cast);
	}

	@ParameterizedTest
	@ValueSource(strings = { "lower", "upper", "secondary", "both" })
	void validSignaturesAreAccepted(String variant) {
		String primary = new AccessKey(PRIMARY).upstreamSignature("conn-1");
		String secondary = new AccessKey(SECONDARY).upstreamSignature("conn-1");
		String signature = switch (variant) {
			case "upper" -> "sha256=" + primary.substring(7).toUpperCase();
			case "secondary" -> secondary;
			case "both" -> "sha256=0000, " + secondary.toUpperCase().replace("SHA256=", "sha256=");
			default -> primary;
		};

		HttpResponse<String> response = post("connections", "connected", "conn-1", signature, "{\"type\":10}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(events(ClientConnectedEvent.class))
			.contains(new ClientConnectedEvent("notifications", "conn-1", "alice"));
	}

	@Test
	void forgedMissingOrReplayedSignaturesAreRefusedAndNothingDispatched() {
		String otherConnection = new AccessKey(PRIMARY).upstreamSignature("conn-2");
		String wrongKey = new AccessKey("WRONGWRONGWRONGWRONGWRONGWRONGWRONGWRONG1234").upstreamSignature("conn-1");

		assertThat(post("connections", "connected", "conn-1", otherConnection, "{\"type\":10}").statusCode())
			.isEqualTo(401);
		assertThat(post("connections", "connected", "conn-1", wrongKey, "{\"type\":10}").statusCode()).isEqualTo(401);
		assertThat(post("connections", "connected", "conn-1", null, "{\"type\":10}").statusCode()).isEqualTo(401);
		assertThat(post("connections", "connected", "conn-1", "garbage", "{\"type\":10}").statusCode()).isEqualTo(401);
		assertThat(events(ClientConnectedEvent.class)).isEmpty();
	}

	@Test
	void disconnectedCarriesTheErrorInEitherCasing() {
		post("connections", "disconnected", "conn-1", sign("conn-1"), "{\"Type\":11,\"Error\":\"socket reset\"}");
		post("connections", "disconnected", "conn-2", sign("conn-2"), "{\"type\":11}");

		assertThat(events(ClientDisconnectedEvent.class)).containsExactly(
				new ClientDisconnectedEvent("notifications", "conn-1", "alice", "socket reset"),
				new ClientDisconnectedEvent("notifications", "conn-2", "alice", null));
	}

	@Test
	void blockingInvocationGetsAFramedCompletionWithTheResult() {
		HttpResponse<String> response = invoke("notifications",
				"{\"type\":1,\"invocationId\":\"7\",\"target\":\"ADD\",\"arguments\":[2,40]}\u001e");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"type\":3,\"invocationId\":\"7\",\"result\":42}\u001e");
	}

	@Test
	void handlerSeesTheCallerAndHubCasingDoesNotMatter() {
		HttpResponse<String> response = invoke("CHAT",
				"{\"type\":1,\"invocationId\":\"1\",\"target\":\"whoAmI\"," + "\"arguments\":[]}");

		assertThat(response.body())
			.isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"chat/conn-1/alice/[admin]/[v2]\"}\u001e");
	}

	@Test
	void bindingAndUnknownMethodErrorsBecomeErrorCompletions() {
		assertThat(invoke("notifications", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"add\",\"arguments\":[1]}")
			.body()).contains("\"error\":").contains("Invocation provides 1 argument(s) but target expects 2.");
		assertThat(invoke("notifications",
				"{\"type\":1,\"invocationId\":\"2\",\"target\":\"add\",\"arguments\":[\"x\",{}]}")
			.body()).contains("Error binding arguments");
		assertThat(invoke("notifications", "{\"type\":1,\"invocationId\":\"3\",\"target\":\"nope\",\"arguments\":[]}")
			.body()).contains("Method does not exist.");
		assertThat(invoke("notifications", "{\"type\":1,\"invocationId\":\"4\",\"target\":\"fail\",\"arguments\":[]}")
			.body()).contains("An unexpected error occurred invoking 'fail' on the server.")
			.doesNotContain("secret detail");
	}

	@Test
	void nonBlockingInvocationAnswersEmpty() {
		HttpResponse<String> response = invoke("notifications", "{\"type\":1,\"target\":\"add\",\"arguments\":[1,2]}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void badRequestsAreProblems() {
		assertThat(invoke("notifications", "not json").statusCode()).isEqualTo(400);
		assertThat(invoke("unknown", "{\"type\":1,\"target\":\"add\",\"arguments\":[]}").statusCode()).isEqualTo(404);
		assertThat(send(request("connections", "connected", "conn-1", sign("conn-1"), "{\"type\":10}")
			.header("Content-Type", "application/x-msgpack")).statusCode()).isEqualTo(415);
		assertThat(send(request("messages", "add", "conn-1", sign("conn-1"), "x").header("Content-Type", "text/plain"))
			.statusCode()).isEqualTo(415);
		HttpResponse<String> noHub = send(this.http.request("/runtime/webhooks/signalr")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(noHub.statusCode()).isEqualTo(400);
		assertThat(noHub.body()).contains("X-ASRS-Connection-Id is required");
	}

	@Test
	void aConnectionIdLongerThanAnyTheServiceMakesIsRefusedBeforeItsSignatureIsChecked() {
		String longest = "c".repeat(1024);
		String tooLong = longest + "c";

		assertThat(post("connections", "connected", longest, sign(longest), "{\"type\":10}").statusCode())
			.isEqualTo(200);
		HttpResponse<String> refused = post("connections", "connected", tooLong, sign(tooLong), "{\"type\":10}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("X-ASRS-Connection-Id must be at most 1024 characters");
		assertThat(events(ClientConnectedEvent.class)).extracting(ClientConnectedEvent::connectionId)
			.containsExactly(longest);
	}

	@Test
	void aStreamIdTheServiceWouldRefuseIsABadRequestSoTheServiceEndsTheClientsStream() {
		String tooLong = "s".repeat(101);

		for (String id : new String[] { tooLong, " ", "s1\\nforged" }) {
			HttpResponse<String> refused = invoke("notifications",
					"{\"type\":4,\"invocationId\":\"" + id + "\",\"target\":\"add\",\"arguments\":[1,2]}");

			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("Invalid streamId name").doesNotContain("forged");
		}
	}

	private HttpResponse<String> invoke(String hub, String body) {
		return send(request("messages", "x", "conn-1", sign("conn-1"), body).header("X-ASRS-Hub", hub)
			.header("Content-Type", "application/json"));
	}

	private HttpResponse<String> post(String category, String event, String connectionId, String signature,
			String body) {
		return send(request(category, event, connectionId, signature, body).header("X-ASRS-Hub", "notifications")
			.header("Content-Type", "application/json"));
	}

	private HttpRequest.Builder request(String category, String event, String connectionId, String signature,
			String body) {
		HttpRequest.Builder request = this.http.request("/runtime/webhooks/signalr")
			.header("X-ASRS-Connection-Id", connectionId)
			.header("X-ASRS-Category", category)
			.header("X-ASRS-Event", event)
			.header("X-ASRS-User-Id", "alice")
			.header("X-ASRS-User-Claims", "nameid: alice, role: admin")
			.header("X-ASRS-Client-Query", "?hub=notifications&client=v2")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("X-ASRS-Signature", signature);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		if (request.build().headers().firstValue("X-ASRS-Hub").isEmpty()) {
			request.header("X-ASRS-Hub", "notifications");
		}
		return this.http.send(request);
	}

	private static String sign(String connectionId) {
		return new AccessKey(PRIMARY).upstreamSignature(connectionId);
	}

}
