package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.beacon.support.BeaconProcess;
import dev.beacon.support.ProtocolClient;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadcast fan-out on two replicas clustered on Redis against one replica without it, in
 * the same run: 5,000 connections spread evenly over the two (half connected to each) and
 * 5,000 on the single replica, all connected at once; batches of broadcasts to each side
 * alternate. The figure is CPU time per delivery, read from {@code /proc} for the Beacon
 * processes (the two replicas summed), {@code redis-server}'s reported beside it; wall
 * time from the first POST to the batch's last receipt is given too. On the cluster the
 * POSTs alternate between the replicas.
 */
@Tag("benchmark")
class ClusterFanOutBenchmarkTests {

	static final int CONNECTIONS = Integer.getInteger("bench.cluster.connections", 2000);

	static final int ROUNDS = Integer.getInteger("bench.cluster.rounds", 6);

	static final int BATCH = Integer.getInteger("bench.cluster.batch", 5);

	static final int WARM_UP = Integer.getInteger("bench.cluster.warm-up", 60);

	/**
	 * Characters added to the message, for larger ones:
	 * {@code -Dbench.cluster.padding=4000}.
	 */
	static final int PADDING = Integer.getInteger("bench.cluster.padding", 0);

	static final String BROADCAST = "{\"target\":\"statusUpdate\",\"arguments\":[{\"status\":\"operational\","
			+ "\"message\":\"fan-out" + "x".repeat(PADDING) + "\",\"sequence\":42}]}";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@Test
	void aBroadcastCostsAboutAsMuchCpuPerDeliveryOnTwoReplicasAsOnOne() throws Exception {
		try (ReplicaProcesses replicas = new ReplicaProcesses()) {
			List<BeaconProcess> cluster = replicas.start(List.of("fan-out-a", "fan-out-b"), true);
			BeaconProcess single = replicas.start(List.of("fan-out-single"), false).getFirst();
			Side two = new Side(cluster);
			Side one = new Side(List.of(single));
			// Pinged from the first: connecting thousands takes longer than the client
			// timeout
			List<ProtocolClient> clients = new CopyOnWriteArrayList<>();
			ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
			pinger.scheduleAtFixedRate(() -> ProtocolClient.pingAll(clients), 10, 10, TimeUnit.SECONDS);
			try {
				long connecting = System.nanoTime();
				one.connect(CONNECTIONS, clients);
				two.connect(CONNECTIONS, clients);
				System.out.printf("Connected %d clients in %d s%n", clients.size(),
						TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - connecting));
				for (int i = 0; i < WARM_UP; i++) {
					one.batch(1, replicas.redis());
					two.batch(1, replicas.redis());
				}
				measure(one, two, replicas, clients);
			}
			finally {
				pinger.shutdownNow();
				clients.forEach(ProtocolClient::close);
			}
		}
	}

	/** Alternating batches, then the row, with each side's CPU by thread printed. */
	private static void measure(Side one, Side two, ReplicaProcesses replicas, List<ProtocolClient> clients)
			throws Exception {
		ReplicaProcesses.profile(two.replicas);
		ReplicaProcesses.profile(one.replicas);
		Map<String, Long> oneThreads = ProcessUsage.cpuNanosByThread(one.replicas);
		Map<String, Long> twoThreads = ProcessUsage.cpuNanosByThread(two.replicas);
		String load = BenchmarkResults.loadAverage();
		Totals oneTotals = new Totals();
		Totals twoTotals = new Totals();
		for (int round = 0; round < ROUNDS; round++) {
			boolean oneFirst = round % 2 == 0;
			(oneFirst ? oneTotals : twoTotals).add((oneFirst ? one : two).batch(BATCH, replicas.redis()));
			(oneFirst ? twoTotals : oneTotals).add((oneFirst ? two : one).batch(BATCH, replicas.redis()));
		}
		System.out.println("CPU by thread, one replica: "
				+ ProcessUsage.topThreads(oneThreads, ProcessUsage.cpuNanosByThread(one.replicas)));
		System.out.println("CPU by thread, two replicas: "
				+ ProcessUsage.topThreads(twoThreads, ProcessUsage.cpuNanosByThread(two.replicas)));
		record(oneTotals, twoTotals, load + " to " + BenchmarkResults.loadAverage(),
				clients.stream().filter(ProtocolClient::closedByServer).count());
	}

	private static void record(Totals single, Totals cluster, String load, long closed) {
		double ratio = cluster.compiledMicrosPerDelivery() / single.compiledMicrosPerDelivery();
		double gross = cluster.cpuMicrosPerDelivery() / single.cpuMicrosPerDelivery();
		BenchmarkResults.record(
				"Broadcast to %,d connections, two replicas on Redis (half on each) vs one without: %d alternating batches of %d broadcasts each side, after %d (load average %s)"
					.formatted(CONNECTIONS, ROUNDS, BATCH, WARM_UP, load),
				"%.2f us of Beacon CPU per delivery (two processes summed) without the JIT compilers' threads, %.2f us with them; %.2f us wall; redis-server %.0f us CPU per broadcast (%.3f us per delivery)"
					.formatted(cluster.compiledMicrosPerDelivery(), cluster.cpuMicrosPerDelivery(),
							cluster.wallMicrosPerDelivery(), cluster.redisMicrosPerBroadcast(),
							cluster.redisMicrosPerDelivery()),
				"%.2f us without the JIT, %.2f us with it; %.2f us wall: one replica without Redis".formatted(
						single.compiledMicrosPerDelivery(), single.cpuMicrosPerDelivery(),
						single.wallMicrosPerDelivery()),
				"%.2f CPU without the JIT (%.2f with it; %.2f wall)".formatted(ratio, gross,
						cluster.wallMicrosPerDelivery() / single.wallMicrosPerDelivery()),
				"CPU per delivery at most 1.25x: " + BenchmarkResults.met(ratio <= 1.25)
						+ ((closed > 0) ? " (" + closed + " clients closed by the service during the run)" : ""));
	}

	/** What a side's measured batches added up to. */
	static final class Totals {

		long deliveries;

		long broadcasts;

		long cpuNanos;

		long jitNanos;

		long wallNanos;

		long redisNanos;

		void add(Batch batch) {
			this.deliveries += batch.deliveries();
			this.broadcasts += batch.broadcasts();
			this.cpuNanos += batch.cpuNanos();
			this.jitNanos += batch.jitNanos();
			this.wallNanos += batch.wallNanos();
			this.redisNanos += batch.redisNanos();
		}

		double cpuMicrosPerDelivery() {
			return this.cpuNanos / 1e3 / this.deliveries;
		}

		/**
		 * Without the JIT compilers' threads, which a long-running replica no longer
		 * keeps busy.
		 */
		double compiledMicrosPerDelivery() {
			return (this.cpuNanos - this.jitNanos) / 1e3 / this.deliveries;
		}

		double wallMicrosPerDelivery() {
			return this.wallNanos / 1e3 / this.deliveries;
		}

		double redisMicrosPerBroadcast() {
			return this.redisNanos / 1e3 / this.broadcasts;
		}

		double redisMicrosPerDelivery() {
			return this.redisNanos / 1e3 / this.deliveries;
		}

	}

	/**
	 * One batch: broadcasts sent one after another, each once the last was received by
	 * every open client.
	 */
	record Batch(int broadcasts, long deliveries, long cpuNanos, long jitNanos, long wallNanos, long redisNanos) {
	}

	/** One setup: its replicas and the clients connected to them. */
	final class Side {

		private final List<BeaconProcess> replicas;

		private final AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));

		private final List<ProtocolClient> clients = new ArrayList<>();

		private int sent;

		Side(List<BeaconProcess> replicas) {
			this.replicas = replicas;
		}

		/**
		 * Connects the clients, spread evenly over the replicas, handing each chunk to
		 * the pinged ones as it is connected.
		 */
		void connect(int count, List<ProtocolClient> pinged) throws Exception {
			int chunk = 500;
			for (int connected = 0; connected < count; connected += chunk) {
				BeaconProcess replica = this.replicas.get((connected / chunk) % this.replicas.size());
				List<ProtocolClient> connecting = ProtocolClient.connectAll(ClusterFanOutBenchmarkTests.this.http,
						replica.url(), Math.min(chunk, count - connected), (message) -> this.latch.get().countDown());
				this.clients.addAll(connecting);
				pinged.addAll(connecting);
			}
		}

		Batch batch(int broadcasts, RedisServer redis) throws Exception {
			long redisBefore = ProcessUsage.cpuNanos(redis);
			long cpuBefore = ProcessUsage.cpuNanos(this.replicas);
			long jitBefore = ProcessUsage.compilerNanos(this.replicas);
			long start = System.nanoTime();
			long deliveries = 0;
			for (int i = 0; i < broadcasts; i++) {
				deliveries += broadcast();
			}
			long wall = System.nanoTime() - start;
			long cpu = ProcessUsage.cpuNanos(this.replicas) - cpuBefore;
			long jit = ProcessUsage.compilerNanos(this.replicas) - jitBefore;
			long redisUsed = ProcessUsage.cpuNanos(redis) - redisBefore;
			return new Batch(broadcasts, deliveries, cpu, jit, wall, redisUsed);
		}

		private int broadcast() throws Exception {
			// A client the service closed receives nothing more; the others are waited
			// for
			int open = (int) this.clients.stream().filter((client) -> !client.closedByServer()).count();
			this.latch.set(new CountDownLatch(open));
			BeaconProcess to = this.replicas.get(this.sent++ % this.replicas.size());
			HttpResponse<String> response = ClusterFanOutBenchmarkTests.this.http
				.send(HttpRequest.newBuilder(URI.create(to.url() + "/api/hubs/notifications/messages"))
					.header("Content-Type", "application/json")
					.header("X-API-Key", ReplicaProcesses.API_KEY)
					.POST(HttpRequest.BodyPublishers.ofString(BROADCAST))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			assertThat(this.latch.get().await(60, TimeUnit.SECONDS)).as("all %d open received", open).isTrue();
			return open;
		}

	}

}
