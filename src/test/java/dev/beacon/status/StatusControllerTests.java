package dev.beacon.status;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.beacon.support.BeaconHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status API end to end against a stand-in SignalR Service (WireMock) reached by the
 * real REST client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"beacon.api.keys=key-one-0123456789abcdef0123456789abcdef, key-two-0123456789abcdef0123456789abcdef",
				"beacon.status.history-size=3", "beacon.status.broadcast-interval=0",
				"beacon.signalr.retry.base-delay=10ms", "beacon.signalr.read-timeout=500ms" })
class StatusControllerTests {

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	BeaconHttp http;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
	}

	@Test
	void postStatusBroadcastsStatusUpdateAndAnswersTheEvent() {
		HttpResponse<String> response = this.http.postJson("/api/status",
				"{\"status\":\"degraded\",\"message\":\"Checkout is slow\",\"details\":{\"region\":\"eu\"}}",
				"key-one-0123456789abcdef0123456789abcdef");

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode event = json(response);
		assertThat(event.path("status").asString()).isEqualTo("degraded");
		assertThat(event.path("id").asString()).isNotBlank();
		assertThat(event.path("timestamp").asString()).endsWith("Z");
		LoggedRequest sent = service.onlyRequest();
		assertThat(sent.getUrl()).isEqualTo("/api/hubs/notifications/:send?api-version=2024-12-01");
		JsonNode body = parse(sent.getBodyAsString());
		assertThat(body.path("target").asString()).isEqualTo("statusUpdate");
		assertThat(body.path("arguments").get(0)).isEqualTo(event);
		assertThat(json(this.http.get("/api/status"))).isEqualTo(event);
	}

	@ParameterizedTest
	@CsvSource({ "/api/status/users/alice@example.com, /api/hubs/notifications/users/alice%40example.com/:send",
			"/api/status/groups/ops%20team, /api/hubs/notifications/groups/ops%20team/:send",
			"/api/status/connections/c-1, /api/hubs/notifications/connections/c-1/:send" })
	void targetedStatusGoesToThatTargetOnlyAndIsNotHistory(String path, String servicePath) {
		HttpResponse<String> response = this.http.postJson(path, "{\"status\":\"outage\"}",
				"key-two-0123456789abcdef0123456789abcdef");

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(service.onlyRequest().getUrl()).isEqualTo(servicePath + "?api-version=2024-12-01");
		assertThat(json(this.http.get("/api/status/history")).findValuesAsString("id"))
			.doesNotContain(json(response).path("id").asString());
	}

	@Test
	void historyIsNewestFirstBoundedAndLimited() {
		for (int i = 1; i <= 5; i++) {
			this.http.postJson("/api/status", "{\"status\":\"s" + i + "\"}",
					"key-one-0123456789abcdef0123456789abcdef");
		}

		JsonNode history = json(this.http.get("/api/status/history"));
		assertThat(history.findValuesAsString("status")).containsExactly("s5", "s4", "s3");
		assertThat(json(this.http.get("/api/status/history?limit=2")).findValuesAsString("status"))
			.containsExactly("s5", "s4");
		assertThat(this.http.get("/api/status/history?limit=0").statusCode()).isEqualTo(400);
	}

	@Test
	void failedPublishIsNeverAcceptedAndLeavesHistoryUnchanged() {
		this.http.postJson("/api/status", "{\"status\":\"before\"}", "key-one-0123456789abcdef0123456789abcdef");
		String historyBefore = this.http.get("/api/status/history").body();
		service.stubForEverything(aResponse().withStatus(503).withHeader("Retry-After", "120"));

		HttpResponse<String> response = this.http.postJson("/api/status", "{\"status\":\"lost\"}",
				"key-one-0123456789abcdef0123456789abcdef");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("120");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.http.get("/api/status/history").body()).isEqualTo(historyBefore);
		assertThat(json(this.http.get("/api/status")).path("status").asString()).isEqualTo("before");
	}

	@Test
	void serviceErrorOnSendIsBadGatewayAndTimeoutIsGatewayTimeout() {
		service.stubForEverything(aResponse().withStatus(500));
		assertThat(this.http.postJson("/api/status", "{\"status\":\"x\"}", "key-one-0123456789abcdef0123456789abcdef")
			.statusCode()).isEqualTo(502);

		service.stubForEverything(aResponse().withStatus(202).withFixedDelay(2000));
		HttpResponse<String> timeout = this.http.postJson("/api/status", "{\"status\":\"x\"}",
				"key-one-0123456789abcdef0123456789abcdef");
		assertThat(timeout.statusCode()).isEqualTo(504);
		assertThat(json(timeout).path("detail").asString()).contains("Delivery is unknown");
	}

	@Test
	void publishingWithoutAValidKeyIsUnauthorizedAndSendsNothing() {
		HttpResponse<String> missing = this.http.postJson("/api/status", "{\"status\":\"x\"}", null);
		HttpResponse<String> wrong = this.http.postJson("/api/status", "{\"status\":\"x\"}", "key-three");

		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"beacon\"");
		assertThat(json(missing).path("detail").asString()).contains("API key is required");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).doesNotContain("key-one-0123456789abcdef0123456789abcdef")
			.doesNotContain("key-two-0123456789abcdef0123456789abcdef");
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void bearerKeyIsAcceptedToo() {
		HttpResponse<String> response = this.http.send(this.http.request("/api/status")
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer key-two-0123456789abcdef0123456789abcdef")
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ok\"}")));

		assertThat(response.statusCode()).isEqualTo(202);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{}|400|status: must not be blank",
			"{\"status\":\"\"}|400|status: must not be blank",
			"{\"status\":\"x\",\"details\":\"text\"}|400|not valid JSON", "{\"status\":|400|not valid JSON",
			"[1,2]|400|not valid JSON",
			"{\"status\":\"x\",\"userId\":\"alice\"}|400|\"userId\" is not a property; the properties are \"details\", \"message\", \"status\"",
			"{\"Status\":\"x\"}|400|\"Status\" is not a property; did you mean \"status\"?",
			"{\"status\":\"x\",\"status\":\"y\"}|400|\"status\" is given twice; give it once" })
	void invalidBodiesAreBadRequestsNamingTheProblem(String body, int status, String detail) {
		HttpResponse<String> response = this.http.postJson("/api/status", body,
				"key-one-0123456789abcdef0123456789abcdef");

		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(json(response).path("detail").asString()).contains(detail);
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void tooLongFieldsAreRefusedByName() {
		HttpResponse<String> status = this.http.postJson("/api/status", "{\"status\":\"" + "s".repeat(65) + "\"}",
				"key-one-0123456789abcdef0123456789abcdef");
		HttpResponse<String> message = this.http.postJson("/api/status",
				"{\"status\":\"ok\",\"message\":\"" + "m".repeat(4097) + "\"}",
				"key-one-0123456789abcdef0123456789abcdef");

		assertThat(json(status).path("detail").asString()).contains("status: size must be between 0 and 64");
		assertThat(json(message).path("detail").asString()).contains("message: size must be between 0 and 4096");
	}

	@Test
	void bodyOverOneMebibyteIsContentTooLarge() {
		String huge = "{\"status\":\"ok\",\"details\":{\"x\":\"" + "x".repeat(1024 * 1024) + "\"}}";

		assertThat(this.http.postJson("/api/status", huge, "key-one-0123456789abcdef0123456789abcdef").statusCode())
			.isEqualTo(413);
	}

	@Test
	void wrongContentTypeIsUnsupportedMediaType() {
		HttpResponse<String> response = this.http.send(this.http.request("/api/status")
			.header("Content-Type", "text/plain")
			.header("X-API-Key", "key-one-0123456789abcdef0123456789abcdef")
			.POST(HttpRequest.BodyPublishers.ofString("status=ok")));

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private static JsonNode parse(String body) {
		return tools.jackson.databind.json.JsonMapper.shared().readTree(body);
	}

}
