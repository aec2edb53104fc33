package dev.beacon.messages;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batch endpoint through the whole application (Tomcat, the request guard, the API
 * key, the REST client and its bulkhead, the inbox) against the fake SignalR Service: the
 * colon path is served, only the messages the service refused are reported failed, a
 * batch waits within its share of the bulkhead while single sends keep theirs, and the
 * OpenAPI description documents it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.signalr.max-concurrent-requests=4",
				"beacon.signalr.retry.max-retries=0", "beacon.status.broadcast-interval=0",
				"beacon.negotiate.user-id-source=easy-auth", "beacon.inbox.enabled=true" })
class BatchEndToEndTests {

	static final String BATCH = "/api/hubs/notifications/messages:batch";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	BeaconHttp http;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
	}

	@Test
	void onlyTheMessagesTheServiceRefusedAreReportedFailedAndOnlyTakenOnesAreKept() {
		service.stubFor(post(urlPathEqualTo("/api/hubs/notifications/users/bob/:send"))
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")));
		String[] users = { "alice", "bob", "carol" };
		String body = body(IntStream.range(0, 9)
			.mapToObj((i) -> "{\"target\":\"newOrder\",\"arguments\":[" + i + "],\"userId\":\"" + users[i % 3]
					+ "\",\"id\":\"m-" + i + "\"}"));

		HttpResponse<String> response = this.http.postJson(BATCH, body, API_KEY);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = BeaconHttp.json(response);
		assertThat(answer.path("accepted").asInt()).isEqualTo(6);
		assertThat(answer.path("failed").asInt()).isEqualTo(3);
		for (int i = 0; i < 9; i++) {
			JsonNode result = answer.path("results").get(i);
			assertThat(result.path("index").asInt()).isEqualTo(i);
			assertThat(result.path("id").asString()).isEqualTo("m-" + i);
			assertThat(result.path("status").asInt()).isEqualTo((i % 3 == 1) ? 503 : 202);
			assertThat(result.has("retryAfter")).isEqualTo(i % 3 == 1);
		}
		assertThat(answer.path("results").get(1).path("retryAfter").asInt()).isEqualTo(7);
		assertThat(service.requests()).hasSize(9);
		assertThat(pending("alice")).isEqualTo(3);
		assertThat(pending("carol")).isEqualTo(3);
		assertThat(pending("bob")).isZero();
		assertThat(this.meterRegistry.counter("beacon.publish.events", "kind", "message.user", "outcome", "failure")
			.count()).isEqualTo(3);
		// Each send is timed once, by Beacon's own timer, not also as an HTTP client
		// call.
		assertThat(this.meterRegistry.get("beacon.signalr.requests").tag("operation", "sendToUser").timers())
			.isNotEmpty();
		assertThat(this.meterRegistry.find("http.client.requests").timers()).isEmpty();
	}

	@Test
	void anInvalidBatchSendsNothingThroughTheWholeStack() {
		HttpResponse<String> response = this.http.postJson(BATCH,
				"{\"messages\":[{\"target\":\"t\",\"userId\":\"alice\"},{\"target\":\"\"}]}", API_KEY);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(BeaconHttp.json(response).path("detail").asString())
			.isEqualTo("messages[1].target: must not be blank");
		assertThat(this.http.postJson(BATCH, body(IntStream.of(0).mapToObj((i) -> "{\"target\":\"t\"}")), null)
			.statusCode()).isEqualTo(401);
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void aBatchWaitsWithinItsShareOfTheBulkheadWhileSingleSendsKeepTheRest() throws Exception {
		// Four in flight at most: the batch may hold two, the singles the other two. Had
		// the batch taken more, singles would be refused; had it not waited, its own.
		service.stubFor(post(urlPathMatching("/api/hubs/notifications/.*"))
			.willReturn(aResponse().withStatus(202).withFixedDelay(150)));
		String body = body(
				IntStream.range(0, 12).mapToObj((i) -> "{\"target\":\"newOrder\",\"groupName\":\"batch-" + i + "\"}"));
		List<HttpResponse<String>> singles = new ArrayList<>();
		HttpResponse<String> batch;
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<HttpResponse<String>> sending = callers.submit(() -> this.http.postJson(BATCH, body, API_KEY));
			await().until(() -> !service.requests().isEmpty());
			for (int round = 0; round < 3; round++) {
				List<Future<HttpResponse<String>>> pair = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					pair.add(callers.submit(() -> this.http.postJson("/api/hubs/notifications/messages",
							"{\"target\":\"single\",\"groupName\":\"ops\"}", API_KEY)));
				}
				for (Future<HttpResponse<String>> single : pair) {
					singles.add(single.get());
				}
			}
			batch = sending.get();
		}

		assertThat(singles).extracting(HttpResponse::statusCode).containsOnly(202);
		assertThat(batch.statusCode()).isEqualTo(200);
		assertThat(BeaconHttp.json(batch).path("accepted").asInt()).isEqualTo(12);
		assertThat(this.meterRegistry.counter("beacon.signalr.requests.refused").count()).isZero();
		assertThat(service.requests()).hasSize(18);
	}

	@Test
	void theOpenApiDescriptionDocumentsTheBatch() {
		JsonNode docs = BeaconHttp.json(this.http.get("/v3/api-docs"));

		JsonNode batch = docs.path("paths").path("/api/hubs/{hub}/messages:batch").path("post");
		assertThat(batch.path("summary").asString()).isEqualTo("Send up to 1,000 messages at once");
		assertThat(batch.path("security").toString()).contains("apiKey");
		assertThat(batch.path("responses").has("200")).isTrue();
		assertThat(batch.path("responses").has("400")).isTrue();
		JsonNode request = docs.path("components").path("schemas").path("BatchRequest");
		assertThat(request.path("properties").path("messages").path("maxItems").asInt()).isEqualTo(1000);
		assertThat(request.path("additionalProperties").asBoolean(true)).isFalse();
		assertThat(docs.path("components")
			.path("schemas")
			.path("MessageRequest")
			.path("additionalProperties")
			.asBoolean(true)).isFalse();
		assertThat(docs.path("components").path("schemas").path("MessageResult").path("properties").has("retryAfter"))
			.isTrue();
	}

	private int pending(String user) {
		HttpResponse<String> response = this.http
			.send(this.http.request("/api/inbox").header("X-MS-CLIENT-PRINCIPAL-ID", user).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		return BeaconHttp.json(response).path("pending").asInt();
	}

	private static String body(Stream<String> messages) {
		return "{\"messages\":[" + messages.collect(Collectors.joining(",")) + "]}";
	}

}
