package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.BeaconApplication;
import dev.beacon.support.RedisServer;
import dev.beacon.support.TestKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the inbox costs a message to a user. {@code POST /api/hubs/notifications/messages}
 * with a {@code userId} (8 callers, each publishing as fast as answers come, to 1,000
 * users in turn) with the inbox on, in the memory and in the Redis store, against a
 * Beacon with the inbox off, all three side by side under one load and sending to the
 * same fast stub of the service, in alternating rounds. Nothing is acknowledged: inboxes
 * grow, as they do while users are away.
 */
@Tag("benchmark")
class InboxBenchmarkTests {

	static final int CALLERS = 8;

	static final int USERS = 1000;

	static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.inbox.seconds", 1));

	static final int ROUNDS = 7;

	static final AtomicLong messages = new AtomicLong();

	@Test
	void userMessagesPerSecondWithTheInboxOnVersusOff() throws Exception {
		StubService stub = StubService.start(202);
		String loadBefore = BenchmarkResults.loadAverage();
		try (RedisServer redis = RedisServer.start("everysec");
				ConfigurableApplicationContext off = beacon(stub, redis, "memory", false);
				ConfigurableApplicationContext memory = beacon(stub, redis, "memory", true);
				ConfigurableApplicationContext shared = beacon(stub, redis, "redis", true)) {
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			for (ConfigurableApplicationContext beacon : List.of(off, memory, shared)) {
				assertThat(round(http, port(beacon), Duration.ofSeconds(3)).count()).isPositive();
			}
			List<Round> offForMemory = new ArrayList<>();
			List<Round> memoryRounds = new ArrayList<>();
			List<Round> offForRedis = new ArrayList<>();
			List<Round> redisRounds = new ArrayList<>();
			for (int i = 0; i < ROUNDS; i++) {
				pair(http, port(off), port(memory), offForMemory, memoryRounds);
				pair(http, port(off), port(shared), offForRedis, redisRounds);
			}
			assertThat(kept(off)).isZero();
			assertThat(kept(memory)).isPositive();
			assertThat(kept(shared)).isPositive();
			String load = "load average " + loadBefore + " before, " + BenchmarkResults.loadAverage() + " after";
			record("memory store", memoryRounds, offForMemory, kept(memory), load);
			record("Redis store", redisRounds, offForRedis, kept(shared), load);
		}
		finally {
			stub.stop();
		}
	}

	/**
	 * Off, on, on, off, back to back: the first Beacon after a switch runs measurably
	 * differently on a shared host, and this order gives each side that place equally.
	 */
	private static void pair(HttpClient http, int offPort, int onPort, List<Round> offRounds, List<Round> onRounds)
			throws Exception {
		Round offFirst = round(http, offPort, ROUND);
		Round onFirst = round(http, onPort, ROUND);
		onRounds.add(onFirst.plus(round(http, onPort, ROUND)));
		offRounds.add(offFirst.plus(round(http, offPort, ROUND)));
	}

	private static void record(String store, List<Round> on, List<Round> off, double kept, String load) {
		// Each block ran back to back: its ratio cancels what the shared host does to
		// both, so the medians of the blocks are what to read.
		List<Double> ratios = new ArrayList<>();
		List<Double> p99s = new ArrayList<>();
		for (int i = 0; i < on.size(); i++) {
			ratios.add(on.get(i).rate() / off.get(i).rate());
			p99s.add(on.get(i).p99Millis() - off.get(i).p99Millis());
		}
		Round onMedian = Round.median(on);
		Round offMedian = Round.median(off);
		BenchmarkResults.record(
				"Messages to a user, inbox on (" + store + ") vs off (" + CALLERS + " callers, " + USERS
						+ " users, nothing acknowledged, " + on.size() + " back-to-back off-on-on-off blocks of 4 x "
						+ ROUND.toSeconds() + " s)",
				"%.0f messages/s, p50 %.2f ms, p99 %.2f ms (%.0f kept over the run)".formatted(onMedian.rate(),
						onMedian.p50Millis(), onMedian.p99Millis(), kept),
				"%.0f messages/s, p50 %.2f ms, p99 %.2f ms (inbox off)".formatted(offMedian.rate(),
						offMedian.p50Millis(), offMedian.p99Millis()),
				"%.2f (blocks %.2f to %.2f), p99 %+.2f ms (medians of %d blocks)".formatted(Round.medianOf(ratios),
						Collections.min(ratios), Collections.max(ratios), Round.medianOf(p99s), on.size()),
				"measured (no target in the issue); " + load);
	}

	private static ConfigurableApplicationContext beacon(StubService stub, RedisServer redis, String store,
			boolean inbox) {
		return new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0",
				"--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
				"--beacon.api.keys=bench-key-0123456789abcdef0123456789abcdef", "--beacon.store.type=" + store,
				"--spring.data.redis.url=" + redis.url(), "--beacon.inbox.enabled=" + inbox,
				"--beacon.status.broadcast-interval=0", "--logging.level.root=WARN");
	}

	private static double kept(ConfigurableApplicationContext beacon) {
		Counter counter = beacon.getBean(MeterRegistry.class).find("beacon.inbox.kept").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static int port(ConfigurableApplicationContext beacon) {
		return ((WebServerApplicationContext) beacon).getWebServer().getPort();
	}

	private static Round round(HttpClient http, int port, Duration length) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port + "/api/hubs/notifications/messages");
		long end = System.nanoTime() + length.toNanos();
		ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
		List<Future<long[]>> results = new ArrayList<>();
		for (int c = 0; c < CALLERS; c++) {
			results.add(callers.submit(() -> {
				long[] latencies = new long[1 << 20];
				int n = 0;
				while (System.nanoTime() < end && n < latencies.length) {
					latencies[n++] = send(http, uri, messages.incrementAndGet());
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

	private static long send(HttpClient http, URI uri, long message) throws Exception {
		String body = "{\"target\":\"newOrder\",\"userId\":\"user-" + (message % USERS)
				+ "\",\"arguments\":[{\"order\":" + message + ",\"total\":\"42.00\",\"items\":[\"book\",\"pen\"]}]}";
		long started = System.nanoTime();
		HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() != 202) {
			throw new IllegalStateException("message answered " + response.statusCode());
		}
		return System.nanoTime() - started;
	}

}
