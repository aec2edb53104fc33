package dev.beacon.store;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.OtlpReceiver;
import dev.beacon.support.OtlpReceiver.ReceivedSpan;
import dev.beacon.support.RedisServer;
import dev.beacon.support.Replicas;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the Redis store, each store call is a client span in the request's trace, naming
 * Beacon's operation and never its keys or values.
 */
class RedisTracingTests {

	static final String TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4736";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@RegisterExtension
	static final OtlpReceiver receiver = new OtlpReceiver();

	static RedisServer redis;

	static ConfigurableApplicationContext beacon;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		beacon = Replicas.start("redis-tracing", redis, service, API_KEY, "--beacon.status.broadcast-interval=0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
				"--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.schedule-delay=50ms");
	}

	@AfterAll
	static void stop() {
		Replicas.stop(redis, beacon);
	}

	@Test
	void aStatusPublishsStoreCallIsASpanOfItsTrace() {
		BeaconHttp http = new BeaconHttp(((WebServerApplicationContext) beacon).getWebServer().getPort());
		HttpResponse<String> response = http.send(http.request("/api/status")
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"degraded\",\"message\":\"store-canary\"}")));

		assertThat(response.statusCode()).isEqualTo(202);
		ReceivedSpan server = receiver.await("the server span",
				(span) -> span.traceId().equals(TRACE_ID) && span.kind() == SpanKind.SPAN_KIND_SERVER);
		ReceivedSpan store = receiver.await("the store call", (span) -> span.traceId().equals(TRACE_ID)
				&& span.name().startsWith("redis ") && span.parentSpanId().equals(server.spanId()));
		assertThat(store.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(store.attributes()).containsEntry("db.system.name", "redis")
			.containsEntry("beacon.store.operation", store.name().substring("redis ".length()));
		assertThat(receiver.everything()).doesNotContain("store-canary").doesNotContain(API_KEY);
	}

}
