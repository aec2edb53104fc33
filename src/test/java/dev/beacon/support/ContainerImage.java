package dev.beacon.support;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar laid out as the Dockerfile lays it out: layers extracted and merged
 * into one directory, the AOT cache trained with the ENTRYPOINT's own flags, then runs of
 * that exact ENTRYPOINT with an environment, as Container Apps would start it. No Docker
 * engine runs here, so this is the closest honest stand-in for the image.
 */
public final class ContainerImage {

	private final Path work;

	private final Path app;

	private final List<String> entrypoint;

	private ContainerImage(Path work, Path app, List<String> entrypoint) {
		this.work = work;
		this.app = app;
		this.entrypoint = entrypoint;
	}

	/**
	 * Extracts {@code target/beacon-*.jar} and trains the cache, as the Dockerfile does.
	 * @param work a directory of the test's own
	 * @return the image, ready to run
	 * @throws Exception if a step fails
	 */
	@SuppressWarnings("unchecked")
	public static ContainerImage build(Path work) throws Exception {
		Path app = extractLayers(work);
		String entrypointLine = Files.readString(Path.of("Dockerfile"))
			.lines()
			.filter((line) -> line.startsWith("ENTRYPOINT"))
			.findFirst()
			.orElseThrow();
		List<String> entrypoint = JsonMapper.shared()
			.readValue(entrypointLine.substring("ENTRYPOINT".length()).trim(), List.class);
		entrypoint.set(0, javaExecutable());
		ContainerImage image = new ContainerImage(work, app, List.copyOf(entrypoint));

		List<String> training = new ArrayList<>(
				entrypoint.stream().map((arg) -> arg.replace("-XX:AOTCache=", "-XX:AOTCacheOutput=")).toList());
		training.add(training.indexOf("-jar"), "-Dspring.context.exit=onRefresh");
		training.add("--server.port=0");
		// With the Dockerfile's throwaway key, so the run generates and saves none.
		Process trainingRun = image.start(training, Map.of("BEACON_API_KEYS", TestKeys.API_KEY), "training.log");
		assertThat(trainingRun.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(trainingRun.exitValue()).as(image.log("training.log")).isZero();
		assertThat(image.log("training.log")).doesNotContain("No API key configured");
		assertThat(app.resolve("beacon.aot")).isNotEmptyFile();
		return image;
	}

	public List<String> entrypoint() {
		return this.entrypoint;
	}

	/**
	 * Starts the ENTRYPOINT with the given environment.
	 * @param environment variables, as a deployment sets them
	 * @param log the name of the file that gets the output
	 * @return the process
	 * @throws IOException if it cannot start
	 */
	public Process run(Map<String, String> environment, String log) throws IOException {
		return start(this.entrypoint, environment, log);
	}

	public String log(String name) throws IOException {
		return Files.readString(this.work.resolve(name));
	}

	/**
	 * Waits until the liveness probe answers UP.
	 * @param port the port the run listens on
	 * @return a client for it
	 * @throws org.awaitility.core.ConditionTimeoutException if it does not come up within
	 * 60 s
	 */
	public static BeaconHttp awaitUp(int port) {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest liveness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
			.build();
		HttpResponse<String> response = await("Beacon up within 60 s").atMost(Duration.ofSeconds(60))
			.pollDelay(Duration.ZERO)
			.ignoreExceptionsInstanceOf(IOException.class) // not listening yet
			.until(() -> http.send(liveness, HttpResponse.BodyHandlers.ofString()),
					(answer) -> answer.statusCode() == 200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
		return new BeaconHttp(port);
	}

	public static void stop(Process beacon) throws InterruptedException {
		beacon.destroy();
		assertThat(beacon.waitFor(30, TimeUnit.SECONDS)).isTrue();
	}

	private Process start(List<String> command, Map<String, String> environment, String log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.app.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve(log).toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static Path extractLayers(Path work) throws Exception {
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

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
