package dev.beacon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.beacon.support.BeaconProcess;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publish measured from outside, as issue 33 measured it: wrk's 64 connections each
 * posting a message to a user, one after another, to Beacon (its own JVM, Azure mode, the
 * service a stub answering 202 at once) and to {@link PublishRelay} (its own JVM, the
 * same flags): the floor of receiving a POST and forwarding it to the same stub on the
 * JVM. Rounds run in relay-Beacon-Beacon-relay blocks, so drift on the shared machine
 * hits both alike; the ratio is the median of the blocks'. Beside the rates, the CPU each
 * side's process used a message, read from {@code /proc}: what other load on the cores
 * changes least.
 * <p>
 * {@code -Dbench.relay.seconds} (5) a round, {@code -Dbench.relay.blocks} (3),
 * {@code -Dbench.relay.warm-up-rounds} (3 of 20 s for Beacon, then 10 s for the relay);
 * {@code -Dbench.relay.jfr=
 *
<dir>
 * } records both JVMs with JFR's profile settings, to read where Beacon's time goes;
 * {@code -Dbench.relay.batch=100} makes the A/B rig post batches of that many instead.
 */
@Tag("benchmark")
class RelayPublishBenchmarkTests {

	static final int CONNECTIONS = 64;

	static final int SECONDS = Integer.getInteger("bench.relay.seconds", 5);

	static final int BLOCKS = Integer.getInteger("bench.relay.blocks", 3);

	static final int WARM_UP_ROUNDS = Integer.getInteger("bench.relay.warm-up-rounds", 3);

	static final String JFR = System.getProperty("bench.relay.jfr", "");

	/**
	 * The relay's JDK client: {@code default} as issue 33 wrote it, or {@code selector}
	 * with its tasks on the selector thread as Beacon's data plane runs them (a stronger
	 * floor).
	 */
	static final String RELAY_CLIENT = System.getProperty("bench.relay.client", "default");

	static final String API_KEY = "bench-key-0123456789abcdef0123456789abcdef";

	/** The Dockerfile's flags, with a fixed heap so that both sides have the same. */
	static final List<String> JVM = List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC");

	/** The message as Beacon sends it to the service. */
	static final String SENT_MESSAGE = "{\"target\":\"newOrder\",\"arguments\":[{\"order\":42,\"total\":\"42.00\","
			+ "\"items\":[\"book\",\"pen\"]}]}";

	static final String MESSAGE = "{\"target\":\"newOrder\",\"arguments\":[{\"order\":42,\"total\":\"42.00\","
			+ "\"items\":[\"book\",\"pen\"]}],\"userId\":\"user-7\"}";

	/**
	 * For the A/B rig: {@code 0} (the default) posts single messages; a size posts
	 * batches of that many to {@code messages:batch} from {@link #BATCH_CONNECTIONS}
	 * connections, and the rates and CPU count messages.
	 */
	static final int BATCH = Integer.getInteger("bench.relay.batch", 0);

	/** Batches from 4 connections keep Beacon's batch share of 32 sends busy. */
	static final int BATCH_CONNECTIONS = 4;

	/** Beacon's batch share with the default bulkhead of 64: the floor's senders. */
	static final int BATCH_SENDERS = 32;

	@Test
	void publishingThroughBeaconVersusAMinimalJvmRelay() throws Exception {
		StubService stub = StubService.start(202);
		String loadBefore = BenchmarkResults.loadAverage();
		try (BeaconProcess beacon = BeaconProcess.start("bench-relay-beacon", jvm("beacon"), settings(stub));
				Relay relay = Relay.start(stub.port())) {
			Side beaconSide = new Side(beacon.pid(), beacon.url() + "/api/hubs/notifications/messages",
					Map.of("Content-Type", "application/json", "X-API-Key", API_KEY));
			Side relaySide = new Side(relay.process().pid(), "http://127.0.0.1:" + relay.port() + "/publish",
					Map.of("Content-Type", "application/json", "X-API-Key", API_KEY));
			// Warm both JITs past their compiling: Beacon's C2 takes about a minute of
			// this load to settle (its compiler threads used ~20 s of CPU), the relay's
			// a few seconds
			compareWarm(relaySide, beaconSide,
					"Publishing to a user from outside: wrk, " + CONNECTIONS + " connections, " + BLOCKS
							+ " relay-Beacon-Beacon-relay blocks of " + SECONDS + " s rounds",
					() -> "a JDK HttpServer + HttpClient relay, client " + RELAY_CLIENT, loadBefore);
			assertThat((long) stub.received()).isGreaterThanOrEqualTo(beaconSide.total() + relaySide.total());
		}
		finally {
			stub.stop();
		}
	}

	/**
	 * Batches from outside, against the floor issue 33 set for them (32 senders straight
	 * to the service): wrk's {@link #BATCH_CONNECTIONS} connections posting batches of
	 * 100 ({@code -Dbench.relay.batch}) to Beacon in its own JVM, against
	 * {@link DirectSenders} in a JVM of its own posting the same messages straight to the
	 * stub with as many senders as Beacon runs for a batch. Beacon's side also receives,
	 * checks, signs and answers; the floor is the outgoing exchanges alone. The senders'
	 * client is {@code -Dbench.relay.client}'s, as the relay's.
	 */
	@Test
	void batchesThroughBeaconVersusDirectSenders() throws Exception {
		StubService stub = StubService.start(202);
		String loadBefore = BenchmarkResults.loadAverage();
		int batch = (BATCH > 0) ? BATCH : 100;
		try (BeaconProcess beacon = BeaconProcess.start("bench-batch-beacon", jvm("beacon"), settings(stub));
				Senders senders = Senders.start(stub.port())) {
			Side beaconSide = Side.messagesOf(beacon, Map.of("Content-Type", "application/json", "X-API-Key", API_KEY),
					stub, batch);
			Side sendersSide = new Side(senders.process().pid(), senders::round, 1, stub);
			compareWarm(sendersSide, beaconSide,
					"Batches from outside: wrk, " + BATCH_CONNECTIONS + " connections posting batches of " + batch
							+ ", " + BLOCKS + " senders-Beacon-Beacon-senders blocks of " + SECONDS + " s rounds",
					() -> BATCH_SENDERS + " senders straight to the stub, client " + RELAY_CLIENT
							+ "; answers lost to the JDK client's race: " + senders.raced(),
					loadBefore);
		}
		finally {
			stub.stop();
		}
	}

	/**
	 * Warms Beacon (the rig's warm-up rounds of 20 s) and the baseline (10 s), then runs
	 * the blocks and records the ratios against the target of 0.8; {@code baselineIs}
	 * describes the baseline once the blocks ran.
	 */
	private static void compareWarm(Side baseline, Side beacon, String what, Supplier<String> baselineIs,
			String loadBefore) throws Exception {
		for (int i = 0; i < WARM_UP_ROUNDS; i++) {
			beacon.round(20);
		}
		baseline.round(10);
		beacon.rounds.clear();
		baseline.rounds.clear();
		List<Double> ratios = new ArrayList<>();
		List<Double> cpuRatios = new ArrayList<>();
		blocks(baseline, beacon, ratios, cpuRatios);
		double ratio = Round.medianOf(ratios);
		double cpuRatio = Round.medianOf(cpuRatios);
		BenchmarkResults.record(what, beacon.describe(), baseline.describe() + " (" + baselineIs.get() + ")",
				"%.2f (blocks %.2f to %.2f); by CPU a message %.2f (blocks %.2f to %.2f)".formatted(ratio,
						Collections.min(ratios), Collections.max(ratios), cpuRatio, Collections.min(cpuRatios),
						Collections.max(cpuRatios)),
				"ratio >= 0.8: %s, by CPU %s; load average %s before, %s after".formatted(
						BenchmarkResults.met(ratio >= 0.8), BenchmarkResults.met(cpuRatio >= 0.8), loadBefore,
						BenchmarkResults.loadAverage()));
	}

	private static List<String> settings(StubService stub) {
		return List.of(
				"--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
				"--beacon.api.keys=" + API_KEY, "--beacon.status.broadcast-interval=0");
	}

	/**
	 * The A/B rig for one change: this build against an earlier one, both warm in JVMs of
	 * their own, in before-after-after-before blocks. {@code -Dbench.relay.before=
	 *
	<dir>
	 * } names the earlier build's {@code target/classes}, copied aside before the change.
	 */
	@Test
	@EnabledIfSystemProperty(named = "bench.relay.before", matches = ".+")
	void thisBuildVersusAnEarlierOne() throws Exception {
		StubService stub = StubService.start(202);
		String loadBefore = BenchmarkResults.loadAverage();
		List<String> settings = settings(stub);
		List<String> earlierJvm = new ArrayList<>(jvm("before"));
		earlierJvm.addAll(List.of("-cp", classPathWith(System.getProperty("bench.relay.before"))));
		try (BeaconProcess after = BeaconProcess.start("bench-relay-after", jvm("after"), settings);
				BeaconProcess before = BeaconProcess.start("bench-relay-before", earlierJvm, settings)) {
			Map<String, String> headers = Map.of("Content-Type", "application/json", "X-API-Key", API_KEY);
			Side afterSide = Side.messagesOf(after, headers, stub, BATCH);
			Side beforeSide = Side.messagesOf(before, headers, stub, BATCH);
			for (int i = 0; i < WARM_UP_ROUNDS; i++) {
				afterSide.round(20);
				beforeSide.round(20);
			}
			afterSide.rounds.clear();
			beforeSide.rounds.clear();
			List<Double> ratios = new ArrayList<>();
			List<Double> cpuRatios = new ArrayList<>();
			blocks(beforeSide, afterSide, ratios, cpuRatios);
			BenchmarkResults.record(
					"Publishing to a user from outside, this build against an earlier one: wrk, "
							+ ((BATCH > 0) ? BATCH_CONNECTIONS + " connections posting batches of " + BATCH
									: CONNECTIONS + " connections")
							+ ", " + BLOCKS + " before-after-after-before blocks of " + SECONDS + " s rounds",
					afterSide.describe(), beforeSide.describe() + " (the earlier build)",
					"%.2f (blocks %.2f to %.2f); by CPU a message %.2f (blocks %.2f to %.2f)".formatted(
							Round.medianOf(ratios), Collections.min(ratios), Collections.max(ratios),
							Round.medianOf(cpuRatios), Collections.min(cpuRatios), Collections.max(cpuRatios)),
					"measured; load average %s before, %s after".formatted(loadBefore, BenchmarkResults.loadAverage()));
		}
		finally {
			stub.stop();
		}
	}

	/**
	 * Rounds in baseline-measured-measured-baseline blocks, so drift on the shared
	 * machine hits both alike; adds each block's ratio of rates (measured to baseline)
	 * and of CPU a message (baseline to measured).
	 */
	private static void blocks(Side baseline, Side measured, List<Double> ratios, List<Double> cpuRatios)
			throws Exception {
		for (int block = 0; block < BLOCKS; block++) {
			Measured b1 = baseline.round(SECONDS);
			Measured m1 = measured.round(SECONDS);
			Measured m2 = measured.round(SECONDS);
			Measured b2 = baseline.round(SECONDS);
			ratios.add((m1.rate() + m2.rate()) / (b1.rate() + b2.rate()));
			cpuRatios.add((b1.cpuMicros() + b2.cpuMicros()) / (m1.cpuMicros() + m2.cpuMicros()));
		}
	}

	/** Beacon's class path with this build's classes swapped for an earlier build's. */
	private static String classPathWith(String earlierClasses) throws IOException {
		Path classes = Path.of("target", "classes").toAbsolutePath();
		List<String> entries = new ArrayList<>();
		for (String entry : BeaconProcess.classPath().split(java.io.File.pathSeparator)) {
			entries.add(Path.of(entry).toAbsolutePath().equals(classes) ? earlierClasses : entry);
		}
		assertThat(entries).contains(earlierClasses);
		return String.join(java.io.File.pathSeparator, entries);
	}

	private static List<String> jvm(String name) {
		List<String> options = new ArrayList<>(JVM);
		if (!JFR.isEmpty()) {
			options.add("-XX:StartFlightRecording=settings=profile,filename="
					+ Path.of(JFR, name + ".jfr").toAbsolutePath());
		}
		return options;
	}

	/** One round: rate, and CPU a message of the measured process. */
	record Measured(double rate, double cpuMicros, double p50Millis, double p99Millis, long requests) {
	}

	/** Where one side is posted to, and its rounds. */
	static final class Side {

		final long pid;

		/** Runs one round: what wrk or the senders measured. */
		final Load load;

		/** Messages a request carries. */
		final int messages;

		/** For batches: the stub, which must have received every message a round sent. */
		final StubService stub;

		final List<Measured> rounds = new ArrayList<>();

		Side(long pid, String url, Map<String, String> headers) {
			this(pid, (seconds) -> Wrk.post(url, CONNECTIONS, seconds, headers, MESSAGE), 1, null);
		}

		Side(long pid, Load load, int messages, StubService stub) {
			this.pid = pid;
			this.load = load;
			this.messages = messages;
			this.stub = stub;
		}

		/**
		 * Beacon's messages endpoint, or its batch endpoint with {@code batch} above 0.
		 */
		static Side messagesOf(BeaconProcess beacon, Map<String, String> headers, StubService stub, int batch) {
			String url = beacon.url() + "/api/hubs/notifications/messages";
			if (batch == 0) {
				return new Side(beacon.pid(), url, headers);
			}
			String body = "{\"messages\":[" + String.join(",", Collections.nCopies(batch, MESSAGE)) + "]}";
			return new Side(beacon.pid(),
					(seconds) -> Wrk.post(url + ":batch", BATCH_CONNECTIONS, seconds, headers, body), batch, stub);
		}

		Measured round(int seconds) throws Exception {
			long cpuBefore = ProcessUsage.cpuNanos(this.pid);
			long receivedBefore = (this.stub != null) ? this.stub.received() : 0;
			Wrk.Result result = this.load.run(seconds);
			long cpu = ProcessUsage.cpuNanos(this.pid) - cpuBefore;
			long messages = result.requests() * this.messages;
			if (this.stub != null) {
				// A batch answers 200 even when messages in it failed: the stub counts
				// them
				assertThat(this.stub.received() - receivedBefore).as("messages the stub received")
					.isGreaterThanOrEqualTo(messages);
			}
			Measured round = new Measured(result.requestsPerSecond() * this.messages, cpu / 1000.0 / messages,
					result.p50Millis(), result.p99Millis(), messages);
			this.rounds.add(round);
			return round;
		}

		long total() {
			return this.rounds.stream().mapToLong(Measured::requests).sum();
		}

		String describe() {
			List<Measured> sorted = new ArrayList<>(this.rounds);
			sorted.sort((a, b) -> Double.compare(a.rate(), b.rate()));
			Measured median = sorted.get(sorted.size() / 2);
			double cpu = Round.medianOf(this.rounds.stream().map(Measured::cpuMicros).toList());
			String latency = (median.p50Millis() > 0)
					? ", p50 %.2f ms, p99 %.2f ms".formatted(median.p50Millis(), median.p99Millis()) : "";
			return "%.0f messages/s%s; %.0f us CPU a message".formatted(median.rate(), latency, cpu);
		}

	}

	/** One round of load on a side. */
	@FunctionalInterface
	interface Load {

		Wrk.Result run(int seconds) throws Exception;

	}

	/**
	 * {@link DirectSenders} in a JVM of its own, posting to the stub's send to a user.
	 */
	record Senders(Process process, BufferedReader output, Writer input, AtomicLong raced) implements AutoCloseable {

		static Senders start(int stubPort) throws IOException {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvm("senders"));
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), DirectSenders.class.getName(),
					"http://127.0.0.1:" + stubPort
							+ "/api/hubs/notifications/users/user-7/:send?api-version=2024-12-01",
					Integer.toString(BATCH_SENDERS), SENT_MESSAGE, RELAY_CLIENT));
			Process process = new ProcessBuilder(command)
				.redirectError(ProcessBuilder.Redirect.appendTo(Files.createTempFile("senders", ".log").toFile()))
				.start();
			return new Senders(process,
					new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
					new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), new AtomicLong());
		}

		/** One round: every message answered 202, and how many a second. */
		Wrk.Result round(int seconds) throws IOException {
			this.input.write(seconds + "\n");
			this.input.flush();
			String line = this.output.readLine();
			assertThat(line).as("the senders' round").startsWith("sent ");
			String[] parts = line.split(" ");
			long sent = Long.parseLong(parts[1]);
			assertThat(Long.parseLong(parts[2])).as("messages the stub refused").isZero();
			this.raced.addAndGet(Long.parseLong(parts[3]));
			return new Wrk.Result(sent / (Long.parseLong(parts[4]) / 1e9), 0, 0, sent);
		}

		@Override
		public void close() throws Exception {
			this.input.close();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

	/**
	 * {@link PublishRelay} in a JVM of its own, forwarding to the stub's send to a user.
	 */
	record Relay(Process process, int port) implements AutoCloseable {

		static Relay start(int stubPort) throws Exception {
			int port;
			try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvm("relay"));
			command.addAll(
					List.of("-cp", System.getProperty("java.class.path"), PublishRelay.class.getName(),
							Integer.toString(port),
							"http://127.0.0.1:" + stubPort
									+ "/api/hubs/notifications/users/user-7/:send?api-version=2024-12-01",
							RELAY_CLIENT));
			Path log = Files.createTempFile("relay", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			long deadline = System.nanoTime() + 30_000_000_000L;
			while (true) {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
					return new Relay(process, port);
				}
				catch (java.io.IOException ex) {
					if (!process.isAlive() || System.nanoTime() > deadline) {
						process.destroyForcibly();
						throw new IllegalStateException("The relay did not start: " + Files.readString(log));
					}
					Thread.sleep(50);
				}
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			this.process.waitFor();
		}

	}

}
