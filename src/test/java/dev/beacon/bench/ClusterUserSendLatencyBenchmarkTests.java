package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import dev.beacon.support.BeaconProcess;
import dev.beacon.support.ProtocolClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends to users, timed from the POST's intended send time to the target client's
 * receipt: two replicas on Redis, the POST to one and every client on the other, against
 * one replica without Redis. Each setup's saturated rate is found first with a closed
 * loop (32 callers, each sending the next message once the last was received); then an
 * open loop sends at half of it, message {@code i} due at {@code start + i / rate}
 * whatever became of the ones before it, so a stall counts every message due during it
 * ({@link OpenLoop} does the same for HTTP answers). The setups alternate in rounds.
 */
@Tag("benchmark")
class ClusterUserSendLatencyBenchmarkTests {

	static final int USERS = Integer.getInteger("bench.cluster.users", 100);

	static final int CALLERS = 32;

	static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.cluster.warm-up-seconds", 8));

	static final Duration SATURATION = Duration.ofSeconds(Long.getLong("bench.cluster.saturation-seconds", 3));

	static final int ROUNDS = Integer.getInteger("bench.cluster.latency.rounds", 3);

	static final Duration STEP = Duration.ofMillis(Long.getLong("bench.cluster.latency.step-millis", 2000));

	static final double FRACTION = 0.5;

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	/** The generator's clients: answers complete on the selector thread, no hop. */
	private final HttpClient[] senders = { sender(), sender() };

	/** Receipt times, by message sequence, for the messages still on their way. */
	private final Map<Integer, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger();

	@Test
	void aUserSendAcrossReplicasHasAtMostTwiceTheP99AtHalfOfSaturation() throws Exception {
		try (ReplicaProcesses replicas = new ReplicaProcesses()) {
			List<BeaconProcess> cluster = replicas.start(List.of("latency-a", "latency-b"), true);
			BeaconProcess single = replicas.start(List.of("latency-single"), false).getFirst();
			Side alone = new Side("one replica", single, single);
			Side across = new Side("two replicas", cluster.get(0), cluster.get(1));
			List<ProtocolClient> clients = new ArrayList<>(alone.connect());
			clients.addAll(across.connect());
			ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
			pinger.scheduleAtFixedRate(() -> ProtocolClient.pingAll(clients), 10, 10, TimeUnit.SECONDS);
			try {
				compare(alone, across);
			}
			finally {
				pinger.shutdownNow();
				clients.forEach(ProtocolClient::close);
			}
		}
	}

	/** Warms both up, finds each one's saturation, then alternates open-loop rounds. */
	private void compare(Side alone, Side across) throws Exception {
		closedLoop(alone, WARM_UP);
		closedLoop(across, WARM_UP);
		ReplicaProcesses.profile(alone.processes());
		ReplicaProcesses.profile(across.processes());
		String load = BenchmarkResults.loadAverage();
		Saturation single = closedLoop(alone, SATURATION);
		Saturation cluster = closedLoop(across, SATURATION);
		List<Result> singleRounds = new ArrayList<>();
		List<Result> clusterRounds = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			boolean singleFirst = round % 2 == 0;
			Result first = singleFirst ? openLoop(alone, single.half()) : openLoop(across, cluster.half());
			Result second = singleFirst ? openLoop(across, cluster.half()) : openLoop(alone, single.half());
			singleRounds.add(singleFirst ? first : second);
			clusterRounds.add(singleFirst ? second : first);
			System.out.printf("Round %d: one replica %s; two replicas %s%n", round, singleRounds.getLast(),
					clusterRounds.getLast());
		}
		record(single, cluster, singleRounds, clusterRounds, load + " to " + BenchmarkResults.loadAverage());
	}

	private void record(Saturation singleSaturation, Saturation clusterSaturation, List<Result> single,
			List<Result> cluster, String load) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < single.size(); i++) {
			ratios.add(cluster.get(i).p99() / single.get(i).p99());
		}
		double ratio = Round.medianOf(ratios);
		double pooled = Result.pooled(cluster).p99() / Result.pooled(single).p99();
		long lost = cluster.stream().mapToLong(Result::lost).sum() + single.stream().mapToLong(Result::lost).sum();
		BenchmarkResults.record(
				"User send, POST to one replica and the client on the other, two replicas on Redis vs one without: open loop at %.0f%% of each one's saturation (closed loop of %d callers, %d s), %d users, %d alternating rounds of %.1f s (load average %s)"
					.formatted(FRACTION * 100, CALLERS, SATURATION.toSeconds(), USERS, ROUNDS, STEP.toMillis() / 1000.0,
							load),
				"saturation %s; at %,d/s: %s".formatted(clusterSaturation, cluster.getFirst().rate(),
						Result.figures(cluster)),
				"saturation %s; at %,d/s: %s: one replica without Redis".formatted(singleSaturation,
						single.getFirst().rate(), Result.figures(single)),
				"p99 %.2fx (rounds %.2f to %.2f; all messages together %s)".formatted(ratio,
						ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
						ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0),
						(lost > 0) ? "not comparable: messages lost" : "%.2fx".formatted(pooled)),
				"p99 at most 2x: " + BenchmarkResults.met(ratio <= 2) + ((lost > 0) ? "; **" + lost + " lost**" : ""));
	}

	/**
	 * Callers each sending the next message once the last was received.
	 * @return messages received per second, and the CPU each cost
	 */
	private Saturation closedLoop(Side side, Duration length) throws InterruptedException {
		LongAdder received = new LongAdder();
		Map<String, LongAdder> errors = new ConcurrentHashMap<>();
		long end = System.nanoTime() + length.toNanos();
		long beaconBefore = ProcessUsage.cpuNanos(side.processes());
		long generatorBefore = OpenLoop.processCpuNanos();
		long start = System.nanoTime();
		List<Thread> callers = new ArrayList<>();
		for (int c = 0; c < CALLERS; c++) {
			HttpClient sender = this.senders[c % this.senders.length];
			callers.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < end) {
					if (side.send(sender, errors) >= 0) {
						received.increment();
					}
				}
			}));
		}
		for (Thread caller : callers) {
			caller.join();
		}
		if (!errors.isEmpty()) {
			System.out.println(side + ", closed loop: " + counts(errors));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long count = Math.max(1, received.sum());
		return new Saturation(received.sum() / seconds,
				(ProcessUsage.cpuNanos(side.processes()) - beaconBefore) / 1e3 / count,
				(OpenLoop.processCpuNanos() - generatorBefore) / 1e3 / count);
	}

	/** Sends at a fixed rate for one step, each message on its own virtual thread. */
	private Result openLoop(Side side, int rate) throws InterruptedException {
		int count = (int) (rate * STEP.toNanos() / SECOND);
		long[] latencies = new long[count];
		long[] lateness = new long[count];
		CountDownLatch done = new CountDownLatch(count);
		Map<String, LongAdder> errors = new ConcurrentHashMap<>();
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
		for (int i = 0; i < count; i++) {
			long intended = start + i * SECOND / rate;
			for (long now = System.nanoTime(); now < intended; now = System.nanoTime()) {
				LockSupport.parkNanos(intended - now);
			}
			int index = i;
			HttpClient sender = this.senders[i % this.senders.length];
			Thread.ofVirtual().start(() -> {
				lateness[index] = System.nanoTime() - intended;
				long received = side.send(sender, errors);
				latencies[index] = (received >= 0) ? received - intended : Long.MAX_VALUE;
				done.countDown();
			});
		}
		assertThat(done.await(STEP.toSeconds() + 60, TimeUnit.SECONDS)).as("every message answered").isTrue();
		return new Result(rate, latencies, lateness, counts(errors));
	}

	private static Map<String, Long> counts(Map<String, LongAdder> errors) {
		Map<String, Long> counts = new TreeMap<>();
		errors.forEach((error, count) -> counts.put(error, count.sum()));
		return counts;
	}

	private static HttpClient sender() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(Runnable::run)
			.build();
	}

	/** The sequence in an Invocation's first argument, as sent. */
	private void received(String invocation) {
		long now = System.nanoTime();
		int at = invocation.indexOf("\"arguments\":[") + 13;
		int end = at;
		while (end < invocation.length() && Character.isDigit(invocation.charAt(end))) {
			end++;
		}
		CompletableFuture<Long> waiting = this.pending.remove(Integer.parseInt(invocation.substring(at, end)));
		if (waiting != null) {
			waiting.complete(now);
		}
	}

	/**
	 * One setup: the replica that takes the POSTs and the one the clients are on.
	 */
	final class Side {

		private final String name;

		private final BeaconProcess posts;

		private final BeaconProcess clients;

		Side(String name, BeaconProcess posts, BeaconProcess clients) {
			this.name = name;
			this.posts = posts;
			this.clients = clients;
		}

		List<ProtocolClient> connect() throws Exception {
			List<ProtocolClient> connected = new ArrayList<>();
			for (int user = 0; user < USERS; user++) {
				connected.add(ProtocolClient.connect(ClusterUserSendLatencyBenchmarkTests.this.http, this.clients.url(),
						"user-" + user, ClusterUserSendLatencyBenchmarkTests.this::received));
			}
			return connected;
		}

		/**
		 * Sends the next message to the next user and waits for its receipt.
		 * @return when it was received, or -1 when the POST failed or nothing arrived
		 * within 30 s
		 */
		long send(HttpClient sender, Map<String, LongAdder> errors) {
			int seq = ClusterUserSendLatencyBenchmarkTests.this.sequence.getAndIncrement();
			CompletableFuture<Long> receipt = new CompletableFuture<>();
			ClusterUserSendLatencyBenchmarkTests.this.pending.put(seq, receipt);
			String body = "{\"target\":\"note\",\"arguments\":[" + seq + "],\"userId\":\"user-" + (seq % USERS) + "\"}";
			try {
				HttpResponse<Void> response = sender
					.send(HttpRequest.newBuilder(URI.create(this.posts.url() + "/api/hubs/notifications/messages"))
						.header("Content-Type", "application/json")
						.header("X-API-Key", ReplicaProcesses.API_KEY)
						.timeout(Duration.ofSeconds(10))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() != 202) {
					errors.computeIfAbsent("HTTP " + response.statusCode(), (key) -> new LongAdder()).increment();
					return -1;
				}
				return receipt.get(30, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.TimeoutException ex) {
				errors.computeIfAbsent("no receipt within 30 s", (key) -> new LongAdder()).increment();
				return -1;
			}
			catch (Exception ex) {
				errors.computeIfAbsent(ex.getClass().getSimpleName(), (key) -> new LongAdder()).increment();
				return -1;
			}
			finally {
				ClusterUserSendLatencyBenchmarkTests.this.pending.remove(seq);
			}
		}

		/** The Beacon processes this side runs on. */
		List<BeaconProcess> processes() {
			return (this.posts == this.clients) ? List.of(this.posts) : List.of(this.posts, this.clients);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * A closed loop's outcome.
	 *
	 * @param rate messages received per second
	 * @param beaconMicros CPU of the side's Beacon processes per message
	 * @param generatorMicros CPU of this JVM (callers and clients) per message
	 */
	record Saturation(double rate, double beaconMicros, double generatorMicros) {

		int half() {
			return (int) Math.round(FRACTION * this.rate);
		}

		@Override
		public String toString() {
			return "%,.0f sends/s, %.0f us of Beacon CPU each (%.0f us in the test's JVM)".formatted(this.rate,
					this.beaconMicros, this.generatorMicros);
		}

	}

	/**
	 * One open-loop step: each message's latency from its intended send time to its
	 * receipt ({@link Long#MAX_VALUE} for one lost or refused), and how late the
	 * generator sent it, both in nanoseconds; what became of the lost ones.
	 */
	record Result(int rate, long[] latencies, long[] lateness, Map<String, Long> errors) {

		Result {
			Arrays.sort(latencies);
			Arrays.sort(lateness);
		}

		long lost() {
			return Arrays.stream(this.latencies).filter((latency) -> latency == Long.MAX_VALUE).count();
		}

		double millis(double percentile) {
			return at(this.latencies, percentile) / 1e6;
		}

		double p99() {
			return millis(0.99);
		}

		static double median(List<Result> rounds, double percentile) {
			return Round.medianOf(rounds.stream().map((round) -> round.millis(percentile)).toList());
		}

		static Result pooled(List<Result> rounds) {
			Map<String, Long> errors = new TreeMap<>();
			rounds.forEach((round) -> round.errors().forEach((error, count) -> errors.merge(error, count, Long::sum)));
			return new Result(rounds.getFirst().rate(),
					rounds.stream().flatMapToLong((round) -> Arrays.stream(round.latencies())).toArray(),
					rounds.stream().flatMapToLong((round) -> Arrays.stream(round.lateness())).toArray(), errors);
		}

		/**
		 * The rounds' medians, all messages' p99 and the worst, the lost and lateness.
		 */
		static String figures(List<Result> rounds) {
			Result all = pooled(rounds);
			return "p50 %.2f, p99 %.2f (all messages together %s), p99.9 %.2f, max %s ms, %d lost %s; generator sent p99 %.2f ms late"
				.formatted(median(rounds, 0.5), median(rounds, 0.99), shown(all.p99()), median(rounds, 0.999),
						shown(all.millis(1.0)), all.lost(), all.errors(), at(all.lateness(), 0.99) / 1e6);
		}

		/** A latency, or "lost" where a lost message decides it. */
		static String shown(double millis) {
			return (millis >= Long.MAX_VALUE / 1e6) ? "lost" : "%.1f".formatted(millis);
		}

		private static long at(long[] sorted, double percentile) {
			return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(percentile * sorted.length) - 1))];
		}

		@Override
		public String toString() {
			return "%d/s: p50 %s p99 %s max %s ms, %d lost %s, sent p99 %.2f ms late".formatted(this.rate,
					shown(millis(0.5)), shown(p99()), shown(millis(1.0)), lost(), this.errors,
					at(this.lateness, 0.99) / 1e6);
		}

	}

}
