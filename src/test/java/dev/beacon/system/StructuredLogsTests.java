package dev.beacon.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logging.structured.format.console=ecs} (the image's
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE}) with no OTLP endpoint: one JSON object per
 * line, a request's lines with its trace and span IDs; nothing is exported, yet the
 * caller's trace ID reaches the logs and the problem answers.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + StructuredLogsTests.API_KEY, "beacon.status.broadcast-interval=0",
				"logging.structured.format.console=ecs" })
class StructuredLogsTests {

	static final String API_KEY = "structured-logs-key-0123456789abcdef0123456789abcdef";

	static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void aRequestsLogLineIsJsonWithItsTraceId(CapturedOutput output) {
		HttpResponse<String> response = publish(API_KEY);

		assertThat(response.statusCode()).isEqualTo(202);
		List<JsonNode> audit = output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains("dev.beacon.audit"))
			.map(JsonMapper.shared()::readTree)
			.toList();
		assertThat(audit).singleElement().satisfies((line) -> {
			assertThat(line.path("traceId").asString()).isEqualTo(TRACE_ID);
			assertThat(line.path("spanId").asString()).hasSize(16);
			assertThat(line.path("message").asString()).contains("POST /api/status");
			assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
		});
	}

	@Test
	void withoutAnEndpointNothingIsExportedButProblemsNameTheTrace() {
		HttpResponse<String> refused = publish("wrong-key-0123456789abcdef0123456789abcdef");

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(BeaconHttp.json(refused).path("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(this.context.getBeansOfType(SpanExporter.class)).isEmpty();
		assertThat(service.requests()).isEmpty();
	}

	private HttpResponse<String> publish(String apiKey) {
		BeaconHttp http = new BeaconHttp(this.port);
		return http.send(http.request("/api/status")
			.header("traceparent", TRACEPARENT)
			.header("Content-Type", "application/json")
			.header("X-API-Key", apiKey)
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"operational\"}")));
	}

}
