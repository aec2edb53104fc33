package dev.beacon.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs a Node test file from {@code src/test/js} (dependencies installed there by the
 * build's {@code npm ci}) with Node's own test runner, and fails with its output when any
 * of its tests fail.
 */
public final class NodeScript {

	public static final Path DIRECTORY = Path.of("src/test/js");

	private NodeScript() {
	}

	public static String runTests(String file, Map<String, String> environment, long timeoutSeconds)
			throws IOException, InterruptedException {
		assertThat(DIRECTORY.resolve("node_modules")).as("npm ci has run in src/test/js (mvn verify runs it)")
			.isDirectory();
		Path log = Files.createTempFile("node-test", ".log");
		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", file)
			.directory(DIRECTORY.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("node --test " + file + " did not finish in " + timeoutSeconds + " s:\n" + read(log));
		}
		String output = read(log);
		if (process.exitValue() != 0) {
			fail("node --test " + file + " failed:\n" + output);
		}
		return output;
	}

	private static String read(Path log) throws IOException {
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.deleteIfExists(log);
		return output;
	}

}
