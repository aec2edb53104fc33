package dev.beacon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs wrk (Debian's package) as the load generator in a second process and reads its
 * throughput and latency percentiles.
 */
final class Wrk {

	private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");

	private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private Wrk() {
	}

	static Result post(String url, int connections, int seconds) throws IOException, InterruptedException {
		return post(url, connections, seconds, Map.of("Content-Type", "text/plain;charset=UTF-8"), "");
	}

	/**
	 * POSTs one body again and again.
	 * @param url where to
	 * @param connections how many callers, each waiting for its answer before the next
	 * @param seconds for how long
	 * @param headers headers of every request
	 * @param body the body of every request
	 * @return what wrk measured; every answer was 2xx
	 */
	static Result post(String url, int connections, int seconds, Map<String, String> headers, String body)
			throws IOException, InterruptedException {
		Path script = Files.createTempFile("wrk-post", ".lua");
		StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
		headers.forEach((name,
				value) -> lua.append("wrk.headers[").append(lua(name)).append("] = ").append(lua(value)).append('\n'));
		if (!body.isEmpty()) {
			lua.append("wrk.body = ").append(lua(body)).append('\n');
		}
		Files.writeString(script, lua);
		Path output = Files.createTempFile("wrk", ".txt");
		Process process = new ProcessBuilder(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
				"--latency", "-s", script.toString(), url))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		assertThat(process.waitFor(seconds + 30L, TimeUnit.SECONDS)).as("wrk finished").isTrue();
		String text = Files.readString(output);
		Files.delete(output);
		Files.delete(script);
		assertThat(process.exitValue()).as(text).isZero();
		Matcher errors = ERRORS.matcher(text);
		assertThat(errors.find() ? Long.parseLong(errors.group(1)) : 0).as("non-2xx responses\n" + text).isZero();
		Matcher rps = REQUESTS_PER_SECOND.matcher(text);
		assertThat(rps.find()).as(text).isTrue();
		double p50 = 0;
		double p99 = 0;
		Matcher percentile = PERCENTILE.matcher(text);
		while (percentile.find()) {
			double millis = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
				case "us" -> 0.001;
				case "s" -> 1000;
				default -> 1;
			};
			if (percentile.group(1).equals("50")) {
				p50 = millis;
			}
			else {
				p99 = millis;
			}
		}
		Matcher requests = REQUESTS.matcher(text);
		assertThat(requests.find()).as(text).isTrue();
		return new Result(Double.parseDouble(rps.group(1)), p50, p99, Long.parseLong(requests.group(1)));
	}

	private static String lua(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/**
	 * @param requestsPerSecond throughput
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param requests how many were answered
	 */
	record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests) {
	}

}
