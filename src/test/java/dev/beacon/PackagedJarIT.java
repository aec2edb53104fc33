package dev.beacon;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.RedisServer;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged jar the way the Dockerfile does: layers extracted and merged into one
 * directory, the AOT cache trained, then the exact ENTRYPOINT (Spring AOT on) with PORT
 * set, as Container Apps would. One build serves every configuration, so the same image
 * is run end to end with the official Java client in local mode and in Azure mode with
 * the Redis store (a local-mode Beacon standing in for the service). No Docker engine
 * runs here, so this is the closest honest check of the image.
 */
class PackagedJarIT {

	static final String API_KEY = "packaged-jar-key";

	static final String MESSAGES = "/api/hubs/notifications/messages";

	static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	static Path work;

	static Path app;

	static List<String> entrypoint;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void extractAndTrainLikeTheDockerfile() throws Exception {
		app = extractLayers();
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		String entrypointLine = dockerfile.lines()
			.filter((line) -> line.startsWith("ENTRYPOINT"))
			.findFirst()
			.orElseThrow();
		entrypoint = JsonMapper.shared().readValue(entrypointLine.substring("ENTRYPOINT".length()).trim(), List.class);
		entrypoint.set(0, javaExecutable());

		List<String> training = new ArrayList<>(
				entrypoint.stream().map((arg) -> arg.replace("-XX:AOTCache=", "-XX:AOTCacheOutput=")).toList());
		training.add(training.indexOf("-jar"), "-Dspring.context.exit=onRefresh");
		training.add("--server.port=0");
		assertThat(start(training, Map.of(), "training.log").waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(app.resolve("beacon.aot")).isNotEmptyFile();
	}

	@Test
	void theEntrypointRunsTheSpringAotCodeWithTheAotCache() {
		assertThat(entrypoint).contains("-Dspring.aot.enabled=true", "-XX:AOTCache=beacon.aot");
	}

	@Test
	void localModeServesTheOfficialClientEndToEnd() throws Exception {
		int port = freePort();
		// Switches Spring AOT would fix at build time if they were conditions: set at run
		// time.
		Process beacon = start(entrypoint,
				Map.of("PORT", String.valueOf(port), "BEACON_API_KEYS", API_KEY, "SPRINGDOC_API_DOCS_ENABLED", "false",
						"MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,info,prometheus"),
				"local.log");
		try {
			BeaconHttp http = awaitUp(port);
			assertThat(health(http)).contains("\"localService\"");
			assertDelivered(port, http);
			assertThat(http.get("/v3/api-docs").statusCode()).isEqualTo(404);
			assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
		}
		finally {
			stop(beacon);
		}
		assertThat(Files.readString(work.resolve("local.log"))).contains("Starting AOT-processed BeaconApplication")
			.contains("Beacon runs in local mode")
			.doesNotContain("[warning][aot]");
	}

	@Test
	void azureModeWithTheRedisStoreServesTheOfficialClientThroughTheService() throws Exception {
		int port = freePort();
		String accessKey = TestKeys.ACCESS_KEY;
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext service = new SpringApplicationBuilder(BeaconApplication.class).run(
						"--server.port=0", "--spring.application.name=service",
						"--beacon.local.access-key=" + accessKey,
						"--beacon.local.upstream.url-template=http://127.0.0.1:" + port + "/runtime/webhooks/signalr",
						"--beacon.status.broadcast-interval=0", "--logging.level.root=WARN")) {
			// The embedded service answers clients and REST calls under its path prefix.
			String origin = "http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort();
			String connectionString = "Endpoint=" + origin + ";ClientEndpoint=" + origin + "/local;ServerEndpoint="
					+ origin + "/local;AccessKey=" + accessKey + ";Version=1.0;";
			Process beacon = start(entrypoint,
					Map.of("PORT", String.valueOf(port), "BEACON_API_KEYS", API_KEY, "BEACON_SIGNALR_CONNECTION_STRING",
							connectionString, "BEACON_STORE_TYPE", "redis", "SPRING_DATA_REDIS_URL", redis.url()),
					"azure.log");
			try {
				BeaconHttp http = awaitUp(port);
				assertThat(health(http)).contains("\"type\":\"redis\"").doesNotContain("\"localService\"");
				assertDelivered(port, http);
				assertThat(http.get("/v3/api-docs").statusCode()).isEqualTo(200);
				assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(404);
				assertThat(http.postJson("/api/status", "{\"status\":\"degraded\"}", API_KEY).statusCode())
					.isEqualTo(202);
				assertThat(http.get("/api/status/history?limit=1").body()).contains("\"degraded\"");
				assertThat(redis.command("KEYS", "beacon:*")).contains("beacon:");
			}
			finally {
				stop(beacon);
			}
		}
		assertThat(Files.readString(work.resolve("azure.log"))).contains("Starting AOT-processed BeaconApplication")
			.contains("Using Azure SignalR Service at http://127.0.0.1:")
			.doesNotContain(TestKeys.ACCESS_KEY.substring(0, 36))
			.doesNotContain("[warning][aot]");
	}

	/**
	 * A client connected through Beacon's negotiate receives a message sent through its
	 * API.
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

	private static Path extractLayers() throws Exception {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			jar = files.filter((file) -> file.getFileName().toString().matches("beacon-.*\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		Path extracted = work.resolve("extracted");
		Process extract = new ProcessBuilder(javaExecutable(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--layers", "--destination", extracted.toString())
			.inheritIO()
			.start();
		assertThat(extract.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(extract.exitValue()).isZero();
		// The Dockerfile copies the four layers into one directory, in this order.
		Path app = work.resolve("app");
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			copyTree(extracted.resolve(layer), app);
		}
		Files.move(app.resolve(jar.getFileName()), app.resolve("beacon.jar"));
		return app;
	}

	private static Process start(List<String> command, Map<String, String> environment, String log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve(log).toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static void stop(Process beacon) throws InterruptedException {
		beacon.destroy();
		assertThat(beacon.waitFor(30, TimeUnit.SECONDS)).isTrue();
	}

	private static BeaconHttp awaitUp(int port) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		URI liveness = URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness");
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(liveness).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					assertThat(response.body()).contains("\"status\":\"UP\"");
					return new BeaconHttp(port);
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			assertThat(System.nanoTime()).as("Beacon up within 60 s").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		if (Files.notExists(from)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path source : paths.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target);
				}
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
