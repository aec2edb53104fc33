package dev.beacon.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.OtlpReceiver;
import dev.beacon.support.OtlpReceiver.ReceivedSpan;
import dev.beacon.support.TestKeys;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Azure mode exporting to an in-process OTLP receiver: a publisher's {@code traceparent}
 * is honoured, Beacon's spans arrive in its trace, and problem answers name it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "beacon.api.keys=" + API_KEY,
		"beacon.status.broadcast-interval=0", "beacon.signalr.retry.base-delay=10ms" })
class TracingTests {

	static final String PARENT_ID = "00f067aa0ba902b7";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@RegisterExtension
	static final OtlpReceiver receiver = new OtlpReceiver();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
		receiver.registerEndpoint(registry);
	}

	@LocalServerPort
	int port;

	/** A trace of each test's own: spans of the one before may still arrive. */
	private String trace;

	private String traceparent;

	@BeforeEach
	void newTrace() {
		byte[] id = new byte[16];
		ThreadLocalRandom.current().nextBytes(id);
		this.trace = HexFormat.of().formatHex(id);
		this.traceparent = "00-" + this.trace + "-" + PARENT_ID + "-01";
	}

	@Test
	void statusPublishJoinsThePublishersTrace() {
		HttpResponse<String> response = publish(this.traceparent, API_KEY);

		assertThat(response.statusCode()).isEqualTo(202);
		ReceivedSpan server = receiver.await("the server span",
				(span) -> span.traceId().equals(this.trace) && span.kind() == SpanKind.SPAN_KIND_SERVER);
		assertThat(server.parentSpanId()).isEqualTo(PARENT_ID);
		assertThat(server.name()).isEqualTo("POST /api/status");
		assertThat(server.attributes()).containsEntry("http.request.method", "POST")
			.containsEntry("http.route", "/api/status")
			.containsEntry("url.path", "/api/status")
			.containsEntry("http.response.status_code", "202");
		ReceivedSpan client = receiver.await("the REST client span",
				(span) -> span.traceId().equals(this.trace) && span.kind() == SpanKind.SPAN_KIND_CLIENT);
		assertThat(client.parentSpanId()).isEqualTo(server.spanId());
		assertThat(client.name()).isEqualTo("POST /api/hubs/{hub}/:send");
		assertThat(client.status()).isEqualTo(StatusCode.STATUS_CODE_UNSET);
		assertThat(client.attributes()).containsEntry("http.request.method", "POST")
			.containsEntry("url.full",
					"http://localhost:" + service.port() + "/api/hubs/notifications/:send?api-version=2024-12-01")
			.containsEntry("server.address", "localhost")
			.containsEntry("http.response.status_code", "202")
			.containsEntry("beacon.signalr.operation", "sendToAll")
			.containsEntry("beacon.signalr.endpoint", "default")
			.containsKey("beacon.signalr.bulkhead.wait_ms")
			.doesNotContainKey("http.request.resend_count");
		assertThat(service.onlyRequest().getHeader("tracestate")).isEqualTo("publisher=42");
		assertThat(service.onlyRequest().getHeader("traceparent"))
			.isEqualTo("00-" + this.trace + "-" + client.spanId() + "-01");
	}

	@Test
	void eachItemOfABatchIsACallInTheBatchsTrace() {
		BeaconHttp http = new BeaconHttp(this.port);
		HttpResponse<String> response = http.send(http.request("/api/hubs/notifications/messages:batch")
			.header("traceparent", this.traceparent)
			.header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"target\":\"a\",\"arguments\":[1]},"
					+ "{\"target\":\"b\",\"arguments\":[2],\"userId\":\"alice\"}]}")));

		assertThat(response.statusCode()).isEqualTo(200);
		ReceivedSpan server = receiver.await("the batch's server span",
				(span) -> span.traceId().equals(this.trace) && span.kind() == SpanKind.SPAN_KIND_SERVER);
		receiver.await("both items' calls", (span) -> receiver.trace(this.trace)
			.stream()
			.filter((call) -> call.kind() == SpanKind.SPAN_KIND_CLIENT && call.parentSpanId().equals(server.spanId()))
			.count() == 2);
	}

	@Test
	void aFailedCallsSpanIsAnErrorWithTheStatusAndItsRetriesAsEvents() {
		service.stubForEverything(aResponse().withStatus(429));

		HttpResponse<String> response = publish(this.traceparent, API_KEY);

		assertThat(response.statusCode()).isEqualTo(503);
		ReceivedSpan client = receiver.await("the REST client span",
				(span) -> span.traceId().equals(this.trace) && span.kind() == SpanKind.SPAN_KIND_CLIENT);
		assertThat(client.status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(client.attributes()).containsEntry("http.response.status_code", "429")
			.containsEntry("error.type", "429")
			.containsEntry("http.request.resend_count", "3");
		assertThat(client.events()).filteredOn((event) -> event.startsWith("retry ")).hasSize(3);
		assertThat(client.events()).first().asString().startsWith("retry 1 after 429, in ");
		assertThat(service.requests()).hasSize(4)
			.allSatisfy((request) -> assertThat(request.getHeader("traceparent")).contains(client.spanId()));
	}

	@Test
	void oneExporterSendsEachSpanOnce(@Autowired ApplicationContext context) {
		assertThat(context.getBeansOfType(SpanExporter.class)).containsOnlyKeys("otlpHttpSpanExporter");
	}

	@Test
	void problemAnswersCarryTheTraceId() {
		HttpResponse<String> refused = publish(this.traceparent, "not-the-key-0123456789abcdef0123456789abcdef");

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(BeaconHttp.json(refused).path("traceId").asString()).isEqualTo(this.trace);
	}

	@Test
	void problemAnswersOfFiltersCarryTheTraceIdToo() {
		BeaconHttp http = new BeaconHttp(this.port);
		HttpResponse<String> tooLarge = http.send(http.request("/api/status")
			.header("traceparent", this.traceparent)
			.header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")));

		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(BeaconHttp.json(tooLarge).path("traceId").asString()).isEqualTo(this.trace);
	}

	@Test
	void requestsWithoutTraceparentStartTheirOwnTrace() {
		HttpResponse<String> refused = publish(null, "not-the-key-0123456789abcdef0123456789abcdef");

		String traceId = BeaconHttp.json(refused).path("traceId").asString();
		assertThat(traceId).hasSize(32).isNotEqualTo(this.trace);
		receiver.await("the refused request's span", (span) -> span.traceId().equals(traceId));
	}

	@Test
	void noKeyTokenOrBodyIsInAnyExportedSpan() {
		BeaconHttp http = new BeaconHttp(this.port);
		String clientToken = BeaconHttp.json(http.negotiate()).path("accessToken").asString();
		publish(this.traceparent, API_KEY);
		http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"note\",\"arguments\":[\"body-canary\"],\"userId\":\"alice\"}", API_KEY);
		String signed = service.requests().getFirst().getHeader("Authorization").substring("Bearer ".length());
		service.stubForEverything(aResponse().withStatus(401).withBody("{\"message\":\"no\"}"));
		publish(this.traceparent, API_KEY);
		publish(this.traceparent, API_KEY + "-wrong");
		http.send(http.request("/api/status")
			.header("Authorization", "Bearer " + clientToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"x\"}")));
		receiver.await("the last request's span",
				(span) -> span.name().equals("POST /api/status")
						&& span.attributes().getOrDefault("http.response.status_code", "").equals("401")
						&& !span.traceId().equals(this.trace));

		assertThat(receiver.spans()).hasSizeGreaterThan(8);
		assertThat(receiver.everything()).doesNotContain(API_KEY)
			.doesNotContain(TestKeys.ACCESS_KEY)
			.doesNotContain(clientToken)
			.doesNotContain(signed)
			.doesNotContain("body-canary")
			.doesNotContain("db slow");
	}

	private HttpResponse<String> publish(String traceparent, String apiKey) {
		BeaconHttp http = new BeaconHttp(this.port);
		HttpRequest.Builder request = http.request("/api/status")
			.header("tracestate", "publisher=42")
			.header("Content-Type", "application/json")
			.header("X-API-Key", apiKey)
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"degraded\",\"message\":\"db slow\"}"));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return http.send(request);
	}

}
