package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.BeaconApplication;
import dev.beacon.credential.AccessKey;
import dev.beacon.presence.PresenceBenchmarkAccess;
import dev.beacon.support.RedisServer;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What presence costs. Upstream connection events per second through the receiver (signed
 * POSTs, 8 callers, a {@code connected} then a {@code disconnected} per new connection
 * ID) with presence on, in the memory and in the Redis store, against a Beacon with
 * presence off, all three side by side under one load in alternating rounds. And the heap
 * a memory store holds per 10,000 connections: used heap after full collections before
 * and after filling it, against the same IDs alone in a list. The memory figure runs
 * first, in the fresh JVM the bench profile gives each class, before any Beacon.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenceBenchmarkTests {

	static final int CALLERS = 8;

	static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.presence.seconds", 1));

	static final int ROUNDS = 7;

	static final int CONNECTIONS = 10_000;

	static final AtomicLong ids = new AtomicLong();

	@Test
	@Order(1)
	void heapPerTenThousandConnectionsOfTheMemoryStore() {
		List<String> connectionIds = new ArrayList<>();
		List<String> userIds = new ArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			connectionIds.add(azureLikeConnectionId());
			userIds.add("user-%06d".formatted(i / 2));
		}
		long idsAlone = RetainedHeap.median(() -> List.of(copies(connectionIds), copies(userIds)));
		long connectionIdsAlone = RetainedHeap.median(() -> copies(connectionIds));
		long tracked = RetainedHeap
			.median(() -> PresenceBenchmarkAccess.memoryStoreWith(copies(connectionIds), copies(userIds), false));
		long tombstones = RetainedHeap
			.median(() -> PresenceBenchmarkAccess.memoryStoreWith(copies(connectionIds), copies(userIds), true));
		recordHeap("connections (5,000 users x 2)", tracked, idsAlone, "their connection and user IDs");
		recordHeap("remembered disconnects (tombstones, kept for tombstone-ttl)", tombstones, connectionIdsAlone,
				"their connection IDs");
		assertThat(tracked).isPositive();
	}

	@Test
	@Order(2)
	void connectionEventsPerSecondWithPresenceOnVersusOff() throws Exception {
		StubService stub = StubService.start(200);
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
			record("memory store", memoryRounds, offForMemory);
			record("Redis store", redisRounds, offForRedis);
		}
		finally {
			stub.stop();
		}
	}

	private static void recordHeap(String what, long bytes, long baseline, String baselineName) {
		BenchmarkResults.record(
				"Presence heap per 10,000 " + what
						+ ", memory store (used heap after full GC, filled minus empty, median of 3)",
				"%.2f MiB (%d bytes each)".formatted(bytes / 1048576.0, bytes / CONNECTIONS),
				"%.2f MiB (%s alone in lists)".formatted(baseline / 1048576.0, baselineName),
				"%.1f".formatted((double) bytes / baseline), "measured (no target in the issue)");
	}

	/**
	 * Off, on, on, off, back to back: the first Beacon after a switch runs measurably
	 * differently on this host (three Beacons share one JVM and two cores), and this
	 * order gives each side that place equally.
	 */
	private static void pair(HttpClient http, int offPort, int onPort, List<Round> offRounds, List<Round> onRounds)
			throws Exception {
		Round offFirst = round(http, offPort, ROUND);
		Round onFirst = round(http, onPort, ROUND);
		onRounds.add(onFirst.plus(round(http, onPort, ROUND)));
		offRounds.add(offFirst.plus(round(http, offPort, ROUND)));
	}

	private static void record(String store, List<Round> on, List<Round> off) {
		// Each block ran back to back: its ratio cancels what the shared host does to
		// both,
		// so the medians of the blocks are what to read.
		List<Double> ratios = new ArrayList<>();
		List<Double> p99s = new ArrayList<>();
		for (int i = 0; i < on.size(); i++) {
			ratios.add(on.get(i).rate() / off.get(i).rate());
			p99s.add(on.get(i).p99Millis() - off.get(i).p99Millis());
		}
		Round onMedian = Round.median(on);
		Round offMedian = Round.median(off);
		BenchmarkResults.record(
				"Upstream connection events, presence on (" + store + ") vs off (" + CALLERS + " callers, " + on.size()
						+ " back-to-back off-on-on-off blocks of 4 x " + ROUND.toSeconds() + " s)",
				"%.0f events/s, p50 %.2f ms, p99 %.2f ms".formatted(onMedian.rate(), onMedian.p50Millis(),
						onMedian.p99Millis()),
				"%.0f events/s, p50 %.2f ms, p99 %.2f ms (presence off)".formatted(offMedian.rate(),
						offMedian.p50Millis(), offMedian.p99Millis()),
				"%.2f (blocks %.2f to %.2f), p99 %+.2f ms (medians of %d blocks)".formatted(Round.medianOf(ratios),
						Collections.min(ratios), Collections.max(ratios), Round.medianOf(p99s), on.size()),
				"measured (no target in the issue)");
	}

	private static ConfigurableApplicationContext beacon(StubService stub, RedisServer redis, String store,
			boolean presence) {
		return new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0",
				"--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
				"--beacon.api.keys=bench-key-0123456789abcdef0123456789abcdef", "--beacon.store.type=" + store,
				"--spring.data.redis.url=" + redis.url(), "--beacon.presence.enabled=" + presence,
				"--beacon.status.broadcast-interval=0", "--logging.level.root=WARN");
	}

	private static int port(ConfigurableApplicationContext beacon) {
		return ((WebServerApplicationContext) beacon).getWebServer().getPort();
	}

	private static Round round(HttpClient http, int port, Duration length) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port + "/runtime/webhooks/signalr");
		AccessKey key = new AccessKey(TestKeys.ACCESS_KEY);
		long end = System.nanoTime() + length.toNanos();
		ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
		List<Future<long[]>> results = new ArrayList<>();
		for (int c = 0; c < CALLERS; c++) {
			results.add(callers.submit(() -> {
				long[] latencies = new long[1 << 20];
				int n = 0;
				while (System.nanoTime() < end && n + 1 < latencies.length) {
					String connectionId = "bench-" + ids.incrementAndGet();
					String signature = key.upstreamSignature(connectionId);
					latencies[n++] = event(http, uri, "connected", connectionId, signature);
					latencies[n++] = event(http, uri, "disconnected", connectionId, signature);
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

	private static long event(HttpClient http, URI uri, String event, String connectionId, String signature)
			throws Exception {
		long started = System.nanoTime();
		HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.header("X-ASRS-Connection-Id", connectionId)
			.header("X-ASRS-Hub", "notifications")
			.header("X-ASRS-Category", "connections")
			.header("X-ASRS-Event", event)
			.header("X-ASRS-User-Id", "user-" + (connectionId.hashCode() & 1023))
			.header("X-ASRS-Signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(event.equals("connected") ? "{\"type\":10}" : "{\"type\":11}"))
			.build(), HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(event + " answered " + response.statusCode());
		}
		return System.nanoTime() - started;
	}

	/** 22 characters, as ASP.NET Core SignalR makes them: 16 random bytes, base64url. */
	private static String azureLikeConnectionId() {
		byte[] bytes = new byte[16];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Strings of their own, as each event's headers bring them. */
	private static List<String> copies(List<String> strings) {
		return strings.stream().map((string) -> new String(string.toCharArray())).toList();
	}

}
