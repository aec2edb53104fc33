package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.beacon.BeaconApplication;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/status} with the Redis store against the same with the memory store,
 * in one run and under one load: two Beacons side by side, each sending to the same fast
 * stub of the service, 8 callers each publishing as fast as answers come, in alternating
 * rounds. What differs is the store: a sequence reserved and a record written per status
 * in a real {@code redis-server} on loopback, with the append-only file synced every
 * second as Redis and managed Redis run it by default (syncing every write costs a disk
 * flush per write, which the store's timeout and durability figures in
 * docs/reliability.md cover).
 */
@Tag("benchmark")
class StoreBenchmarkTests {

	static final int CALLERS = 8;

	static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.store.seconds", 2));

	static final int ROUNDS = 7;

	@Test
	void redisStoreVersusMemoryStore() throws Exception {
		StubService stub = StubService.start(202);
		try (RedisServer redis = RedisServer.start("everysec");
				ConfigurableApplicationContext memory = beacon(stub, "memory", redis);
				ConfigurableApplicationContext shared = beacon(stub, "redis", redis)) {
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			Round warmMemory = round(http, port(memory), Duration.ofSeconds(3));
			Round warmRedis = round(http, port(shared), Duration.ofSeconds(3));
			assertThat(warmMemory.count() + warmRedis.count()).isPositive();
			List<Round> memoryRounds = new ArrayList<>();
			List<Round> redisRounds = new ArrayList<>();
			for (int i = 0; i < ROUNDS; i++) {
				memoryRounds.add(round(http, port(memory), ROUND));
				redisRounds.add(round(http, port(shared), ROUND));
			}
			System.out.println("store calls: " + storeCalls(shared));
			Round memoryMedian = median(memoryRounds);
			Round redisMedian = median(redisRounds);
			// Each pair of rounds ran back to back: their ratio cancels what the shared
			// host does to both, so the medians of the pairs are what to read.
			List<Double> ratios = new ArrayList<>();
			List<Double> p99s = new ArrayList<>();
			for (int i = 0; i < ROUNDS; i++) {
				ratios.add(redisRounds.get(i).rate() / memoryRounds.get(i).rate());
				p99s.add(redisRounds.get(i).p99Millis() - memoryRounds.get(i).p99Millis());
			}
			double ratio = medianOf(ratios);
			double p99More = medianOf(p99s);
			BenchmarkResults.record(
					"Status publish, Redis store vs memory store (" + CALLERS + " callers, " + ROUNDS
							+ " alternating rounds of " + ROUND.toSeconds() + " s)",
					"%.0f statuses/s, p50 %.2f ms, p99 %.2f ms (Redis)".formatted(redisMedian.rate(),
							redisMedian.p50Millis(), redisMedian.p99Millis()),
					"%.0f statuses/s, p50 %.2f ms, p99 %.2f ms (memory)".formatted(memoryMedian.rate(),
							memoryMedian.p50Millis(), memoryMedian.p99Millis()),
					"%.2f, p99 %+.2f ms (medians of %d back-to-back pairs)".formatted(ratio, p99More, ROUNDS),
					"ratio >= 0.85: " + BenchmarkResults.met(ratio >= 0.85) + "; p99 at most +2 ms: "
							+ BenchmarkResults.met(p99More <= 2.0));
		}
		finally {
			stub.stop();
		}
	}

	private static ConfigurableApplicationContext beacon(StubService stub, String store, RedisServer redis) {
		return new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0",
				"--beacon.signalr.connection-string=Endpoint=http://127.0.0.1;Port=" + stub.port()
						+ ";AccessKey=BENCHBENCHBENCHBENCHBENCHBENCHBENCHBENCH1234;Version=1.0;",
				"--beacon.api.keys=bench-key-0123456789abcdef0123456789abcdef", "--beacon.store.type=" + store,
				"--spring.data.redis.url=" + redis.url(), "--beacon.status.broadcast-interval=0",
				"--logging.level.root=WARN");
	}

	/** Mean time of each store call, as Beacon's own timer measured it. */
	private static String storeCalls(ConfigurableApplicationContext beacon) {
		StringBuilder calls = new StringBuilder();
		beacon.getBean(io.micrometer.core.instrument.MeterRegistry.class)
			.find("beacon.store.operations")
			.timers()
			.forEach((timer) -> calls.append(timer.getId().getTag("operation"))
				.append(' ')
				.append(timer.getId().getTag("outcome"))
				.append(": mean %.3f ms, max %.1f ms; ".formatted(
						timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
						timer.max(java.util.concurrent.TimeUnit.MILLISECONDS))));
		return calls.toString();
	}

	private static int port(ConfigurableApplicationContext beacon) {
		return ((WebServerApplicationContext) beacon).getWebServer().getPort();
	}

	private static Round round(HttpClient http, int port, Duration length) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port + "/api/status");
		long end = System.nanoTime() + length.toNanos();
		ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
		List<Future<long[]>> results = new ArrayList<>();
		for (int c = 0; c < CALLERS; c++) {
			results.add(callers.submit(() -> {
				long[] latencies = new long[1 << 20];
				int n = 0;
				while (System.nanoTime() < end && n < latencies.length) {
					long started = System.nanoTime();
					HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
						.header("Content-Type", "application/json")
						.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
						.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"degraded\",\"message\":\"bench\"}"))
						.build(), HttpResponse.BodyHandlers.discarding());
					if (response.statusCode() != 202) {
						throw new IllegalStateException("publish answered " + response.statusCode());
					}
					latencies[n++] = System.nanoTime() - started;
				}
				return Arrays.copyOf(latencies, n);
			}));
		}
		List<long[]> all = new ArrayList<>();
		for (Future<long[]> result : results) {
			all.add(result.get());
		}
		callers.shutdown();
		long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return new Round(latencies.length, length, latencies);
	}

	private static double medianOf(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		return sorted.get(sorted.size() / 2);
	}

	private static Round median(List<Round> rounds) {
		List<Round> sorted = new ArrayList<>(rounds);
		sorted.sort((a, b) -> Double.compare(a.rate(), b.rate()));
		return sorted.get(sorted.size() / 2);
	}

	private record Round(int count, Duration length, long[] sortedLatencies) {

		double rate() {
			return this.count / (this.length.toNanos() / 1e9);
		}

		double p50Millis() {
			return percentile(0.50);
		}

		double p99Millis() {
			return percentile(0.99);
		}

		private double percentile(double p) {
			return this.sortedLatencies[(int) Math.min(this.sortedLatencies.length - 1,
					Math.ceil(p * this.sortedLatencies.length) - 1)] / 1e6;
		}

	}

}
