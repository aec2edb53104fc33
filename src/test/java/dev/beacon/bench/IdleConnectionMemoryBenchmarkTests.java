package dev.beacon.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconProcess;
import dev.beacon.support.ProtocolClient;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * Memory per idle WebSocket connection on a replica clustered on Redis, against a replica
 * without Redis, in the same run, one after the other: the replica's used heap after full
 * collections ({@code jcmd GC.run}, then {@code GC.heap_info}) and its RSS, before and
 * with the connections open (handshaken, pinging every 10 s), divided by their number;
 * Redis's {@code used_memory} likewise. The classes that grew most are printed from
 * {@code GC.class_histogram}. The test JVM may hold 20,000 files (ulimit -n), one socket
 * per client, so each side's clients are closed before the next side's connect.
 */
@Tag("benchmark")
class IdleConnectionMemoryBenchmarkTests {

	static final int CONNECTIONS = Integer.getInteger("bench.idle.connections", 1000);

	static final int CHUNK = 500;

	static final double TARGET_KIB = 64;

	private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)",
			Pattern.MULTILINE);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@Test
	void anIdleConnectionOnAReplicaOnRedisHoldsAtMost64KibOfHeap() throws Exception {
		try (ReplicaProcesses replicas = new ReplicaProcesses()) {
			// Tomcat takes 8,192 connections by default; beyond them new ones wait
			// unanswered
			String room = "--server.tomcat.max-connections=" + (CONNECTIONS + 1000);
			BeaconProcess clustered = replicas.start(List.of("idle-redis"), true, room).getFirst();
			BeaconProcess single = replicas.start(List.of("idle-single"), false, room).getFirst();
			Footprint onRedis = measure(clustered, replicas.redis());
			Footprint alone = measure(single, null);
			double kib = onRedis.heapPerConnection() / 1024;
			BenchmarkResults.record(
					"Idle WebSocket connections: %,d on one replica on Redis vs %,d on one without (server.tomcat.max-connections=%d), heap after full GCs and RSS, before and with them open (load average %s)"
						.formatted(CONNECTIONS, CONNECTIONS, CONNECTIONS + 1000, BenchmarkResults.loadAverage()),
					"%.1f KiB of heap per connection, RSS %.1f KiB; Redis used_memory %.2f KiB".formatted(kib,
							onRedis.rssPerConnection() / 1024, onRedis.redisPerConnection() / 1024),
					"%.1f KiB of heap, RSS %.1f KiB: one replica without Redis"
						.formatted(alone.heapPerConnection() / 1024, alone.rssPerConnection() / 1024),
					"%.2f heap".formatted(onRedis.heapPerConnection() / alone.heapPerConnection()),
					"heap at most %.0f KiB per connection: %s".formatted(TARGET_KIB,
							BenchmarkResults.met(kib <= TARGET_KIB)));
		}
	}

	/**
	 * Connects the clients to the replica and measures what they hold.
	 * @param redis the replica's Redis, or null
	 */
	private Footprint measure(BeaconProcess replica, RedisServer redis) throws Exception {
		// A first population, closed again: classes, pools and caches that stay are not
		// counted against the connections
		List<ProtocolClient> warmUp = ProtocolClient.connectAll(this.http, replica.url(), CHUNK, (message) -> {
		});
		closeAll(replica, warmUp);
		long heapBefore = ProcessUsage.heapAfterGc(replica);
		long rssBefore = ProcessUsage.rss(replica);
		long redisBefore = (redis != null) ? ProcessUsage.usedMemory(redis) : 0;
		Map<String, Long> classesBefore = histogram(replica);
		List<ProtocolClient> clients = new CopyOnWriteArrayList<>();
		ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
		pinger.scheduleAtFixedRate(() -> ProtocolClient.pingAll(clients), 10, 10, TimeUnit.SECONDS);
		try {
			long connecting = System.nanoTime();
			for (int connected = 0; connected < CONNECTIONS; connected += CHUNK) {
				long chunk = System.nanoTime();
				clients.addAll(ProtocolClient.connectAll(this.http, replica.url(),
						Math.min(CHUNK, CONNECTIONS - connected), (message) -> {
						}));
				System.out.printf("%d connected, the last %d in %d ms%n", clients.size(), CHUNK,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - chunk));
			}
			System.out.printf("%s: %d connected in %d s%n", replica.url(), clients.size(),
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - connecting));
			awaitConnections(replica, CONNECTIONS);
			long heap = ProcessUsage.heapAfterGc(replica) - heapBefore;
			long rss = ProcessUsage.rss(replica) - rssBefore;
			long redisMemory = (redis != null) ? ProcessUsage.usedMemory(redis) - redisBefore : 0;
			System.out.println("Classes that grew most: " + grown(classesBefore, histogram(replica)));
			long closed = clients.stream().filter(ProtocolClient::closedByServer).count();
			if (closed > 0) {
				throw new IllegalStateException(closed + " clients were closed during the measurement");
			}
			return new Footprint((double) heap / CONNECTIONS, (double) rss / CONNECTIONS,
					(double) redisMemory / CONNECTIONS);
		}
		finally {
			pinger.shutdownNow();
			closeAll(replica, clients);
		}
	}

	/** Closes the clients and waits until their sockets are gone on both sides. */
	private static void closeAll(BeaconProcess replica, List<ProtocolClient> clients) {
		clients.forEach(ProtocolClient::close);
		CompletableFuture.allOf(clients.stream().map(ProtocolClient::closed).toArray(CompletableFuture[]::new))
			.orTimeout(60, TimeUnit.SECONDS)
			.join();
		awaitConnections(replica, 0);
	}

	/** Waits until presence counts the replica's connections, every event applied. */
	private static void awaitConnections(BeaconProcess replica, int count) {
		BeaconHttp http = replica.http();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> BeaconHttp.json(http.call("GET", "/api/hubs/notifications/presence", ReplicaProcesses.API_KEY))
				.path("connections")
				.asInt(-1) == count);
	}

	private static Map<String, Long> histogram(BeaconProcess replica) throws Exception {
		Map<String, Long> bytes = new TreeMap<>();
		Matcher line = HISTOGRAM_LINE.matcher(ProcessUsage.jcmd(replica, "GC.class_histogram"));
		while (line.find()) {
			bytes.merge(line.group(3), Long.parseLong(line.group(2)), Long::sum);
		}
		return bytes;
	}

	/** The ten classes whose instances grew most, in bytes per connection. */
	private static String grown(Map<String, Long> before, Map<String, Long> after) {
		return after.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(10)
			.map((entry) -> "%s %,d B".formatted(entry.getKey(), entry.getValue() / CONNECTIONS))
			.collect(Collectors.joining(", "));
	}

	/** Bytes per connection. */
	record Footprint(double heapPerConnection, double rssPerConnection, double redisPerConnection) {
	}

}
