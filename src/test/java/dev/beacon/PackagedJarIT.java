package dev.beacon;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.ContainerImage;
import dev.beacon.support.OtlpReceiver;
import dev.beacon.support.RedisServer;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the packaged jar as the image runs it (the Dockerfile's layers, AOT cache and
 * exact ENTRYPOINT, Spring AOT on) with PORT set, as Container Apps would. One build
 * serves every configuration, so the same image is run end to end with the official Java
 * client in local mode and in Azure mode with either store (a local-mode Beacon standing
 * in for the service), with switches that Spring AOT would have fixed had they been
 * conditions set at run time.
 */
class PackagedJarIT {

	static final String MESSAGES = "/api/hubs/notifications/messages";

	static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	static Path work;

	static ContainerImage image;

	@BeforeAll
	static void buildLikeTheDockerfile() throws Exception {
		image = ContainerImage.build(work);
	}

	@Test
	void theEntrypointRunsTheSpringAotCodeWithTheAotCache() {
		assertThat(image.entrypoint()).contains("-Dspring.aot.enabled=true", "-XX:AOTCache=beacon.aot");
	}

	/**
	 * Local mode end to end, run-time switches of the AOT build included: springdoc off,
	 * forwarded headers on, and metrics over OTLP beside Prometheus (the OpenTelemetry
	 * variables the Container Apps agent and collectors use).
	 */
	@Test
	void localModeServesTheOfficialClientEndToEnd() throws Exception {
		int port = freePort();
		OtlpReceiver receiver = new OtlpReceiver().start();
		Map<String, String> environment = new HashMap<>(Map.of("PORT", String.valueOf(port), "BEACON_API_KEYS", API_KEY,
				"SPRINGDOC_API_DOCS_ENABLED", "false", "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE",
				"health,info,prometheus", "SERVER_FORWARD_HEADERS_STRATEGY", "framework"));
		environment.putAll(Map.of("OTEL_METRICS_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
				receiver.metricsEndpoint(), "OTEL_METRIC_EXPORT_INTERVAL", "500"));
		Process beacon = image.run(environment, "local.log");
		try {
			BeaconHttp http = ContainerImage.awaitUp(port);
			assertThat(health(http)).contains("\"localService\"");
			assertDelivered(port, http);
			HttpResponse<String> turnedOff = http.get("/v3/api-docs");
			assertThat(turnedOff.statusCode()).isEqualTo(404);
			assertThat(turnedOff.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(http.get("/v3/api%2Ddocs").statusCode()).isEqualTo(404);
			assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
			assertThat(http
				.send(http.request("/api/negotiate")
					.header("X-Forwarded-Proto", "https")
					.header("X-Forwarded-Host", "beacon.example")
					.POST(HttpRequest.BodyPublishers.noBody()))
				.body()).contains("\"url\":\"https://beacon.example/local/");
			await("metrics over OTLP").atMost(WAIT)
				.untilAsserted(() -> assertThat(receiver.metricNames()).contains("http.server.requests",
						"beacon.local.connections"));
			assertThat(receiver.metricResources())
				.allSatisfy((resource) -> assertThat(resource).containsEntry("service.name", "beacon"));
		}
		finally {
			ContainerImage.stop(beacon);
			receiver.stop();
		}
		assertThat(image.log("local.log")).contains("Starting AOT-processed BeaconApplication")
			.contains("Beacon runs in local mode")
			.doesNotContain("[warning][aot]");
	}

	@ParameterizedTest(name = "{0} store")
	@ValueSource(strings = { "memory", "redis" })
	void azureModeServesTheOfficialClientThroughTheService(String store) throws Exception {
		int port = freePort();
		String accessKey = TestKeys.ACCESS_KEY;
		try (RedisServer redis = store.equals("redis") ? RedisServer.start() : null;
				ConfigurableApplicationContext service = new SpringApplicationBuilder(BeaconApplication.class).run(
						"--server.port=0", "--spring.application.name=service",
						"--beacon.local.access-key=" + accessKey,
						"--beacon.local.upstream.url-template=http://127.0.0.1:" + port + "/runtime/webhooks/signalr",
						"--beacon.status.broadcast-interval=0", "--logging.level.root=WARN")) {
			// The embedded service answers clients and REST calls under its path prefix.
			String origin = "http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort();
			Map<String, String> environment = new HashMap<>(Map.of("PORT", String.valueOf(port), "BEACON_API_KEYS",
					API_KEY, "BEACON_SIGNALR_CONNECTION_STRING", "Endpoint=" + origin + ";ClientEndpoint=" + origin
							+ "/local;ServerEndpoint=" + origin + "/local;AccessKey=" + accessKey + ";Version=1.0;",
					"BEACON_STORE_TYPE", store));
			if (redis != null) {
				environment.put("SPRING_DATA_REDIS_URL", redis.url());
			}
			String log = "azure-" + store + ".log";
			Process beacon = image.run(environment, log);
			try {
				BeaconHttp http = ContainerImage.awaitUp(port);
				assertThat(health(http)).contains("\"type\":\"" + store + "\"").doesNotContain("\"localService\"");
				assertDelivered(port, http);
				assertThat(http.get("/v3/api-docs").statusCode()).isEqualTo(200);
				assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(404);
				assertThat(http.postJson("/api/status", "{\"status\":\"degraded\"}", API_KEY).statusCode())
					.isEqualTo(202);
				assertThat(http.get("/api/status/history?limit=1").body()).contains("\"degraded\"");
				if (redis != null) {
					assertThat(redis.command("KEYS", "beacon:*")).contains("beacon:");
				}
			}
			finally {
				ContainerImage.stop(beacon);
			}
			assertThat(image.log(log)).contains("Starting AOT-processed BeaconApplication")
				.contains("Using Azure SignalR Service at http://127.0.0.1:")
				.doesNotContain(TestKeys.ACCESS_KEY.substring(0, 36))
				.doesNotContain("[warning][aot]");
		}
	}

	/**
	 * A client connected through Beacon's negotiate gets a message sent through its API.
	 */
	private static void assertDelivered(int port, BeaconHttp http) throws InterruptedException {
		HubConnection connection = HubConnectionBuilder.create("http://127.0.0.1:" + port + "/api").build();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		connection.on("hello", received::add, String.class);
		try {
			connection.start().blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS);
			HttpResponse<String> sent = http.postJson(MESSAGES,
					"{\"target\":\"hello\",\"arguments\":[\"from the image\"]}", API_KEY);
			assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
			assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("from the image");
		}
		finally {
			connection.stop().blockingAwait(5, TimeUnit.SECONDS);
		}
	}

	private static String health(BeaconHttp http) {
		return http.send(http.request("/actuator/health").header("X-API-Key", API_KEY)).body();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
