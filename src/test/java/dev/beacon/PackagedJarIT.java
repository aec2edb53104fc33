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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged jar the way the Dockerfile does: layers extracted and merged into one
 * directory, the AOT cache trained, then the exact ENTRYPOINT with PORT set, as Container
 * Apps would. No Docker engine runs here, so this is the closest honest check of the
 * image.
 */
class PackagedJarIT {

	static final String CONNECTION_STRING = TestKeys.connectionString("https://beacon-it.service.signalr.net");

	@TempDir
	Path work;

	@Test
	@SuppressWarnings("unchecked")
	void containerEntrypointStartsWithAotCacheAndServesProbesAndNegotiate() throws Exception {
		Path app = extractLayers();
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		String entrypointLine = dockerfile.lines()
			.filter((line) -> line.startsWith("ENTRYPOINT"))
			.findFirst()
			.orElseThrow();
		List<String> entrypoint = JsonMapper.shared()
			.readValue(entrypointLine.substring("ENTRYPOINT".length()).trim(), List.class);
		entrypoint.set(0, javaExecutable());

		List<String> training = new ArrayList<>(
				entrypoint.stream().map((arg) -> arg.replace("-XX:AOTCache=", "-XX:AOTCacheOutput=")).toList());
		training.add(training.indexOf("-jar"), "-Dspring.context.exit=onRefresh");
		training.add("--server.port=0");
		assertThat(start(training, app, 0, "training.log").waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(app.resolve("beacon.aot")).isNotEmptyFile();

		int port = freePort();
		Process beacon = start(entrypoint, app, port, "beacon.log");
		try {
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> liveness = awaitUp(http, "http://127.0.0.1:" + port + "/actuator/health/liveness");
			assertThat(liveness.body()).contains("\"status\":\"UP\"");
			HttpResponse<String> negotiate = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/negotiate"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(negotiate.statusCode()).isEqualTo(200);
			assertThat(negotiate.body()).contains("https://beacon-it.service.signalr.net/client/?hub=notifications");
		}
		finally {
			beacon.destroy();
			beacon.waitFor(30, TimeUnit.SECONDS);
		}
		assertThat(Files.readString(this.work.resolve("beacon.log")))
			.doesNotContain(TestKeys.ACCESS_KEY.substring(0, 36))
			.doesNotContain("[warning][aot]");
	}

	private Path extractLayers() throws Exception {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			jar = files.filter((file) -> file.getFileName().toString().matches("beacon-.*\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		Path extracted = this.work.resolve("extracted");
		Process extract = new ProcessBuilder(javaExecutable(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--layers", "--destination", extracted.toString())
			.inheritIO()
			.start();
		assertThat(extract.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(extract.exitValue()).isZero();
		// The Dockerfile copies the four layers into one directory, in this order.
		Path app = this.work.resolve("app");
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			copyTree(extracted.resolve(layer), app);
		}
		Files.move(app.resolve(jar.getFileName()), app.resolve("beacon.jar"));
		return app;
	}

	private Process start(List<String> command, Path directory, int port, String log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve(log).toFile());
		builder.environment().put("PORT", String.valueOf(port));
		builder.environment().put("BEACON_SIGNALR_CONNECTION_STRING", CONNECTION_STRING);
		return builder.start();
	}

	private static HttpResponse<String> awaitUp(HttpClient http, String url) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return response;
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
