package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.beacon.BeaconApplication;
import dev.beacon.support.OtlpReceiver;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What tracing costs: negotiate and {@code POST /api/status} (Azure mode, a local stub of
 * the service answering 202) by 64 concurrent callers, on a Beacon exporting every trace
 * (sampling 1.0) to an in-process OTLP receiver (which reads each export and answers at
 * once, decoding nothing: the harness's work is not Beacon's) and on one exporting
 * nothing (no endpoint, the default), both running in this JVM, in alternating rounds;
 * the ratio is the median of the blocks'. And tracing as it runs by default, nothing
 * exported, against no tracing at all, the same way (docs/performance.md, Access and
 * tracing).
 */
@Tag("benchmark")
class TracingBenchmarkTests {

	static final int CALLERS = 64;

	static final int CALLS = Integer.getInteger("bench.tracing.calls", 6_000);

	static final int BLOCKS = Integer.getInteger("bench.tracing.blocks", 3);

	static final String KEY = "tracing-bench-key-0123456789abcdef0123456789abcdef";

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void tracingEverythingCostsNegotiateAndStatusLittle() throws Exception {
		StubService stub = StubService.start(202);
		OtlpReceiver receiver = OtlpReceiver.discarding().start();
		String loadBefore = BenchmarkResults.loadAverage();
		try (ConfigurableApplicationContext off = beacon(stub);
				ConfigurableApplicationContext on = beacon(stub,
						"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"--management.tracing.sampling.probability=1.0")) {
			for (String path : List.of("/api/negotiate", "/api/status")) {
				List<List<Round>> rounds = alternate(uri(off, path), uri(on, path));
				record("POST " + path + " with every trace exported (sampling 1.0, OTLP to an in-process receiver)",
						rounds.get(1), rounds.get(0), "no endpoint (nothing exported)", 0.85,
						"load average " + loadBefore + " before, " + BenchmarkResults.loadAverage() + " after");
			}
			assertThat(receiver.discardedBytes()).isPositive();
		}
		finally {
			receiver.stop();
			stub.stop();
		}
	}

	/**
	 * Tracing as it runs by default (spans made for trace ids in logs and problems, a
	 * tenth sampled, nothing exported) against no tracing at all
	 * ({@code management.tracing.enabled=false}: no tracer, as the build before tracing
	 * was): what tracing costs those who never export.
	 */
	@Test
	void tracingWithNothingExportedCostsAsLittleAsNoTracing() throws Exception {
		StubService stub = StubService.start(202);
		String loadBefore = BenchmarkResults.loadAverage();
		try (ConfigurableApplicationContext none = beacon(stub, "--management.tracing.enabled=false");
				ConfigurableApplicationContext defaults = beacon(stub)) {
			for (String path : List.of("/api/negotiate", "/api/status")) {
				List<List<Round>> rounds = alternate(uri(none, path), uri(defaults, path));
				record("POST " + path + " with tracing as by default, nothing exported", rounds.get(1), rounds.get(0),
						"no tracing at all (management.tracing.enabled=false)", 0.97,
						"load average " + loadBefore + " before, " + BenchmarkResults.loadAverage() + " after");
			}
		}
		finally {
			stub.stop();
		}
	}

	/**
	 * A warm-up round each, then {@link #BLOCKS} blocks of one round each, in alternating
	 * order.
	 */
	private List<List<Round>> alternate(URI first, URI second) throws Exception {
		List<URI> beacons = List.of(first, second);
		List<List<Round>> rounds = List.of(new ArrayList<>(), new ArrayList<>());
		round(first);
		round(second);
		List<Integer> order = new ArrayList<>(List.of(0, 1));
		for (int block = 0; block < BLOCKS; block++) {
			for (int which : order) {
				rounds.get(which).add(round(beacons.get(which)));
			}
			Collections.reverse(order);
		}
		return rounds;
	}

	private static void record(String what, List<Round> measured, List<Round> baseline, String baselineName,
			double target, String load) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < BLOCKS; i++) {
			ratios.add(measured.get(i).rate() / baseline.get(i).rate());
		}
		double ratio = Round.medianOf(ratios);
		Round median = Round.median(measured);
		Round base = Round.median(baseline);
		BenchmarkResults.record(
				what + ", " + CALLERS + " callers, " + CALLS + " a round, " + BLOCKS + " alternating blocks",
				"%.0f/s, p50 %.2f ms, p99 %.2f ms".formatted(median.rate(), median.p50Millis(), median.p99Millis()),
				"%.0f/s, p50 %.2f ms, p99 %.2f ms: %s".formatted(base.rate(), base.p50Millis(), base.p99Millis(),
						baselineName),
				"%.2f (blocks %.2f to %.2f)".formatted(ratio, Collections.min(ratios), Collections.max(ratios)),
				"ratio >= %.2f: %s; %s".formatted(target, BenchmarkResults.met(ratio >= target), load));
	}

	private static URI uri(ConfigurableApplicationContext beacon, String path) {
		return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) beacon).getWebServer().getPort() + path);
	}

	private static ConfigurableApplicationContext beacon(StubService stub, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0",
				"--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
				"--beacon.api.keys=" + KEY, "--beacon.status.broadcast-interval=0", "--logging.level.root=WARN"));
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(BeaconApplication.class).run(arguments.toArray(String[]::new));
	}

	private Round round(URI uri) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
		HttpRequest request = uri.getPath().endsWith("/negotiate")
				? builder.POST(HttpRequest.BodyPublishers.noBody()).build()
				: builder.header("X-API-Key", KEY)
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"status\":\"degraded\",\"message\":\"Checkout is slow\"}"))
					.build();
		return Round.closedLoop(CALLERS, CALLS, () -> {
			long started = System.nanoTime();
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode());
			}
			return System.nanoTime() - started;
		});
	}

}
