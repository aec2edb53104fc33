package dev.beacon.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconProcess;
import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Beacon in a JVM of its own, as the image runs it with
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} and no OTLP endpoint: one JSON object per
 * line, a request's lines with its trace and span IDs. Nothing is recorded or exported,
 * yet the caller's trace ID reaches the logs, the problem answers and the SignalR REST
 * call. (Its own process: Spring's test contexts share one logging system, set up by
 * whichever started first.)
 */
class StructuredLogsTests {

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	static BeaconProcess beacon;

	@BeforeAll
	static void start() throws Exception {
		beacon = BeaconProcess.start("structured-logs",
				List.of("--beacon.signalr.connection-string=" + service.connectionString(),
						"--beacon.api.keys=" + API_KEY, "--beacon.status.broadcast-interval=0",
						"--logging.structured.format.console=ecs", "--logging.level.dev.beacon.audit=INFO"));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		beacon.close();
	}

	@Test
	void aRequestsLogLineIsJsonWithItsTraceId() {
		String traceId = HexFormat.of().formatHex(randomBytes(16));

		HttpResponse<String> response = publish(traceId, API_KEY);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(service.onlyRequest().getHeader("traceparent")).startsWith("00-" + traceId + "-").endsWith("-00");
		assertThat(auditLines(traceId)).singleElement().satisfies((line) -> {
			assertThat(line.path("spanId").asString()).hasSize(16);
			assertThat(line.path("message").asString()).contains("POST /api/status").contains("status=202");
			assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
			assertThat(line.path("log").path("logger").asString()).isEqualTo("dev.beacon.audit");
		});
	}

	@Test
	void withoutAnEndpointProblemsStillNameTheCallersTrace() {
		String traceId = HexFormat.of().formatHex(randomBytes(16));

		HttpResponse<String> refused = publish(traceId, "wrong-key-0123456789abcdef0123456789abcdef");

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(BeaconHttp.json(refused).path("traceId").asString()).isEqualTo(traceId);
		assertThat(auditLines(traceId)).hasSize(1);
	}

	private static List<JsonNode> auditLines(String traceId) {
		return beacon.log()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains(traceId))
			.map(JsonMapper.shared()::readTree)
			.filter((line) -> line.path("traceId").asString().equals(traceId))
			.toList();
	}

	private static HttpResponse<String> publish(String traceId, String apiKey) {
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
		BeaconHttp http = beacon.http();
		return http.send(http.request("/api/status")
			.header("traceparent", traceparent)
			.header("Content-Type", "application/json")
			.header("X-API-Key", apiKey)
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"operational\"}")));
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
