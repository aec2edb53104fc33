package dev.beacon.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.beacon.support.BeaconProcess;
import dev.beacon.support.LoadBalancer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * A replica killed with {@code kill -9} under its clients: clients reach two replicas on
 * Redis through a layer-4 balancer (round robin, no affinity) and reconnect as the
 * official JavaScript client does ({@link ReconnectingClient}); one replica is killed, a
 * broadcast goes out every 250 ms through the survivor, and each client the dead replica
 * held is timed from the kill until it received a broadcast sent after it connected
 * again. The baseline, measured first in the same run: as many new clients starting to
 * connect at the same moment to the live cluster, timed the same way: what the storm of
 * connects alone costs, without a replica to lose.
 */
@Tag("benchmark")
class ClusterReconnectBenchmarkTests {

	static final int CLIENTS = Integer.getInteger("bench.reconnect.clients", 600);

	static final Duration BROADCAST_EVERY = Duration.ofMillis(250);

	static final Duration TARGET = Duration.ofSeconds(30);

	private static final Pattern CONNECTIONS = Pattern.compile("^beacon_local_connections\\S* ([0-9.]+)",
			Pattern.MULTILINE);

	private final HttpClient http = client();

	/**
	 * For reconnecting: no pooled connections from before the kill (ReconnectingClient).
	 */
	private final HttpClient reconnecting = client();

	/** When each broadcast's POST started, by sequence. */
	private final Map<Integer, Long> sent = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger();

	@Test
	void aKilledReplicasClientsAllReceiveAgainWithin30Seconds() throws Exception {
		try (ReplicaProcesses replicas = new ReplicaProcesses()) {
			List<BeaconProcess> cluster = replicas.start(List.of("reconnect-a", "reconnect-b"), true,
					"--management.endpoints.web.exposure.include=health,prometheus");
			try (LoadBalancer balancer = LoadBalancer.start(cluster.stream().map(BeaconProcess::port).toList())) {
				List<ReconnectingClient> clients = new CopyOnWriteArrayList<>();
				ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
				pinger.scheduleAtFixedRate(() -> clients.forEach(ReconnectingClient::ping), 10, 10, TimeUnit.SECONDS);
				try {
					connectAll(balancer.url(), CLIENTS, clients);
					List<Long> held = cluster.stream().map(this::connections).toList();
					Outcome storm = storm(balancer.url(), CLIENTS / 2, cluster.getLast());
					BeaconProcess victim = cluster.get(held.get(0) >= held.get(1) ? 0 : 1);
					BeaconProcess survivor = cluster.get(held.get(0) >= held.get(1) ? 1 : 0);
					long killedAt = System.nanoTime();
					victim.kill();
					Outcome failover = measure(killedAt, clients, held.get(cluster.indexOf(victim)), survivor, 60);
					record(failover, storm, held);
				}
				finally {
					pinger.shutdownNow();
					clients.forEach(ReconnectingClient::stop);
				}
			}
		}
	}

	/**
	 * New clients all starting at one moment, timed as the killed replica's clients are.
	 */
	private Outcome storm(String url, int count, BeaconProcess broadcaster) throws Exception {
		HttpClient fresh = client();
		long start = System.nanoTime();
		List<ReconnectingClient> arriving = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			arriving.add(ReconnectingClient.starting(fresh, url, this.sent));
		}
		try {
			return measure(start, arriving, count, broadcaster, 60);
		}
		finally {
			arriving.forEach(ReconnectingClient::stop);
		}
	}

	/**
	 * Broadcasts until every client that lost its connection since {@code start}, at
	 * least {@code expected} of them (a killed replica's clients notice one by one),
	 * received one sent after it connected again, or the time is up.
	 */
	private Outcome measure(long start, List<ReconnectingClient> clients, long expected, BeaconProcess broadcaster,
			int seconds) {
		long overflowsBefore = listenOverflows();
		Thread broadcasting = Thread.ofVirtual().start(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				broadcast(broadcaster);
				try {
					Thread.sleep(BROADCAST_EVERY);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		try {
			await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100)).until(() -> {
				List<ReconnectingClient> lost = clients.stream()
					.filter((client) -> client.lost() && client.lostAt >= start)
					.toList();
				return lost.size() >= expected
						&& lost.stream().allMatch((client) -> client.recovered() || client.gaveUp);
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// Reported: those still missing count as not recovered
		}
		finally {
			broadcasting.interrupt();
		}
		List<ReconnectingClient> lost = clients.stream()
			.filter((client) -> client.lost() && client.lostAt >= start)
			.toList();
		return new Outcome(start, lost, listenOverflows() - overflowsBefore);
	}

	private void broadcast(BeaconProcess replica) {
		int seq = this.sequence.getAndIncrement();
		this.sent.put(seq, System.nanoTime());
		try {
			HttpResponse<Void> response = this.http
				.send(HttpRequest.newBuilder(URI.create(replica.url() + "/api/hubs/notifications/messages"))
					.header("Content-Type", "application/json")
					.header("X-API-Key", ReplicaProcesses.API_KEY)
					.timeout(Duration.ofSeconds(10))
					.POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"note\",\"arguments\":[" + seq + "]}"))
					.build(), HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() != 202) {
				System.out.println("Broadcast " + seq + " answered " + response.statusCode());
			}
		}
		catch (Exception ex) {
			System.out.println("Broadcast " + seq + " failed: " + ex);
		}
	}

	/**
	 * Connects clients 16 at a time, each handed to the pinged ones as soon as it is
	 * connected: connecting thousands takes longer than the service's client timeout.
	 */
	private void connectAll(String url, int count, List<ReconnectingClient> pinged) throws Exception {
		Semaphore parallel = new Semaphore(16);
		List<Future<?>> connecting = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < count; i++) {
				connecting.add(executor.submit(() -> {
					parallel.acquire();
					try {
						pinged.add(ReconnectingClient.connect(this.http, this.reconnecting, url, this.sent));
						return null;
					}
					finally {
						parallel.release();
					}
				}));
			}
		}
		for (Future<?> client : connecting) {
			client.get();
		}
	}

	/**
	 * Connections dropped so far because a listening socket's queue was full, on the
	 * whole machine ({@code ListenOverflows} of {@code /proc/net/netstat}), -1 if
	 * unknown.
	 */
	private static long listenOverflows() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
			for (int i = 0; i + 1 < lines.size(); i += 2) {
				List<String> names = List.of(lines.get(i).split(" "));
				int at = names.indexOf("ListenOverflows");
				if (at >= 0) {
					return Long.parseLong(lines.get(i + 1).split(" ")[at]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

	private static HttpClient client() {
		return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
	}

	/** The replica's own connections, from its {@code beacon.local.connections} gauge. */
	private long connections(BeaconProcess replica) {
		Matcher gauge = CONNECTIONS.matcher(replica.http().get("/actuator/prometheus").body());
		return gauge.find() ? (long) Double.parseDouble(gauge.group(1)) : -1;
	}

	private static void record(Outcome failover, Outcome storm, List<Long> held) {
		double worst = failover.percentile((client) -> client.firstReceiptAfter, 1.0);
		boolean all = failover.recovered() == failover.lost().size();
		BenchmarkResults.record(
				"A replica killed (kill -9) under its clients: %,d clients through a layer-4 balancer on two replicas on Redis (%s held), reconnecting as the JavaScript client does (at once, then 2, 10, 30 s), a broadcast every %d ms through the survivor (load average %s)"
					.formatted(CLIENTS, held.get(0) + " and " + held.get(1), BROADCAST_EVERY.toMillis(),
							BenchmarkResults.loadAverage()),
				"%,d of the killed replica's %,d clients received a broadcast sent after reconnecting; from the kill: %s"
					.formatted(failover.recovered(), failover.lost().size(), failover),
				"%,d new clients connecting at one moment to the live cluster, timed the same way: %s"
					.formatted(storm.lost().size(), storm),
				all ? "%.2f (last client)".formatted(
						worst / storm.percentile((client) -> client.firstReceiptAfter, 1.0)) : "not all received",
				"all within %d s: %s".formatted(TARGET.toSeconds(),
						BenchmarkResults.met(all && worst <= TARGET.toMillis())));
	}

	/**
	 * The clients that lost their connection after {@code start}, and what became of
	 * them.
	 */
	/**
	 * The clients that lost their connection after {@code start}, what became of them,
	 * and how many connections the machine's listening sockets dropped meanwhile, their
	 * queue full.
	 */
	record Outcome(long start, List<ReconnectingClient> lost, long listenOverflows) {

		long recovered() {
			return this.lost.stream().filter(ReconnectingClient::recovered).count();
		}

		/** Milliseconds from the start to a moment of each client, at a percentile. */
		double percentile(ToLongFunction<ReconnectingClient> moment, double percentile) {
			double[] millis = this.lost.stream()
				.mapToDouble((client) -> ReconnectingClient.millis(this.start, moment.applyAsLong(client)))
				.map((value) -> (value < 0) ? Double.MAX_VALUE : value)
				.sorted()
				.toArray();
			if (millis.length == 0) {
				return -1;
			}
			return millis[(int) Math.max(0, Math.min(millis.length - 1, Math.ceil(percentile * millis.length) - 1))];
		}

		@Override
		public String toString() {
			int[] attempts = new int[ReconnectingClient.RETRY_DELAYS.size() + 1];
			this.lost.forEach((client) -> attempts[Math.min(client.attempts, attempts.length - 1)]++);
			Map<String, Long> failures = this.lost.stream()
				.flatMap((client) -> client.failures.stream())
				.collect(Collectors.groupingBy((reason) -> reason, TreeMap::new, Collectors.counting()));
			return "connected again p50 %.0f, p99 %.0f, max %.0f ms; received p50 %.0f, p90 %.0f, p99 %.0f, max %.0f ms; clients by connect attempts %s, %d gave up; failed attempts %s; %d connections dropped by full listen queues"
				.formatted(percentile((client) -> client.reconnectedAt, 0.5),
						percentile((client) -> client.reconnectedAt, 0.99),
						percentile((client) -> client.reconnectedAt, 1.0),
						percentile((client) -> client.firstReceiptAfter, 0.5),
						percentile((client) -> client.firstReceiptAfter, 0.9),
						percentile((client) -> client.firstReceiptAfter, 0.99),
						percentile((client) -> client.firstReceiptAfter, 1.0),
						Arrays.toString(Arrays.copyOfRange(attempts, 1, attempts.length)),
						this.lost.stream().filter((client) -> client.gaveUp).count(), failures, this.listenOverflows);
		}

	}

}
