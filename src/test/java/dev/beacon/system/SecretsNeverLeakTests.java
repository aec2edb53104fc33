package dev.beacon.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the scenarios where a secret could slip out (successes, every failure of the
 * service, bad keys, forged upstream calls, actuator, DEBUG logging of the REST client)
 * with a known AccessKey and API key, then scans every log line and every response for
 * them.
 */
@ExtendWith(OutputCaptureExtension.class)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + SecretsNeverLeakTests.API_KEY, "logging.level.dev.beacon.restclient=DEBUG",
				"beacon.signalr.retry.base-delay=10ms", "beacon.signalr.read-timeout=300ms",
				"beacon.status.broadcast-interval=0" })
class SecretsNeverLeakTests {

	static final String ACCESS_KEY = "LeakCanaryAccessKey0123456789LeakCanaryKey==";

	static final String API_KEY = "leak-canary-api-key-0123456789-0123456789abcdef0123456789abcdef";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().withAccessKey(ACCESS_KEY);

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry, FakeSignalRService.FUNCTIONS_SETTING);
	}

	@LocalServerPort
	int port;

	@Test
	void noScenarioPrintsOrAnswersTheAccessKeyOrTheApiKey(CapturedOutput output) {
		BeaconHttp http = new BeaconHttp(this.port);
		List<HttpResponse<String>> responses = new ArrayList<>();
		responses.add(http.negotiate());
		for (int status : new int[] { 202, 400, 401, 403, 404, 413, 429, 500, 503 }) {
			service.stubForEverything(aResponse().withStatus(status).withBody("service says " + status));
			responses.add(http.postJson("/api/status", "{\"status\":\"s" + status + "\"}", API_KEY));
			responses.add(http.call("PUT", "/api/hubs/notifications/groups/g/connections/c", API_KEY));
		}
		service.stubForEverything(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		responses.add(http.postJson("/api/status", "{\"status\":\"reset\"}", API_KEY));
		service.stubForEverything(aResponse().withStatus(202).withFixedDelay(1000));
		responses.add(http.postJson("/api/status", "{\"status\":\"slow\"}", API_KEY));
		responses.add(http.postJson("/api/status", "{\"status\":\"x\"}", API_KEY + "x"));
		responses.add(http.postJson("/api/status", "{bad json", API_KEY));
		responses.add(http.send(http.request("/runtime/webhooks/signalr")
			.header("X-ASRS-Hub", "notifications")
			.header("X-ASRS-Category", "messages")
			.header("X-ASRS-Event", "broadcast")
			.header("X-ASRS-Connection-Id", "c1")
			.header("X-ASRS-Signature", "sha256=00")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":1,\"target\":\"broadcast\",\"arguments\":[]}"))));
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/info", "/actuator/env", "/v3/api-docs",
				"/api/status", "/api/status/history", "/api/client-config", "/nope")) {
			responses.add(http.get(path));
		}
		// Health details, shown only to a caller with an API key.
		responses.add(http.send(http.request("/actuator/health").header("X-API-Key", API_KEY).GET()));

		assertThat(responses).hasSizeGreaterThan(25);
		for (HttpResponse<String> response : responses) {
			assertThat(response.body() + response.headers().map()).doesNotContain(ACCESS_KEY).doesNotContain(API_KEY);
		}
		assertThat(output.getAll()).contains("POST /api/hubs/notifications/:send")
			.doesNotContain(ACCESS_KEY)
			.doesNotContain(API_KEY);
	}

}
