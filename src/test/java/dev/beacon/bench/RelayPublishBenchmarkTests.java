package dev.beacon.bench;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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
 * } records both JVMs with JFR's profile settings, to read where Beacon's time goes.
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

	static final String MESSAGE = "{\"target\":\"newOrder\",\"arguments\":[{\"order\":42,\"total\":\"42.00\","
			+ "\"items\":[\"book\",\"pen\"]}],\"userId\":\"user-7\"}";

	@Test
	void publishingThroughBeaconVersusAMinimalJvmRelay() throws Exception {
		StubService stub = StubService.start(202);
		String loadBefore = BenchmarkResults.loadAverage();
		try (BeaconProcess beacon = BeaconProcess.start("bench-relay-beacon", jvm("beacon"),
				List.of("--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
						"--beacon.api.keys=" + API_KEY, "--beacon.status.broadcast-interval=0"));
				Relay relay = Relay.start(stub.port())) {
			Side beaconSide = new Side(beacon.pid(), beacon.url() + "/api/hubs/notifications/messages",
					Map.of("Content-Type", "application/json", "X-API-Key", API_KEY));
			Side relaySide = new Side(relay.process().pid(), "http://127.0.0.1:" + relay.port() + "/publish",
					Map.of("Content-Type", "application/json", "X-API-Key", API_KEY));
			// Warm both JITs past their compiling: Beacon's C2 takes about a minute of
			// this load to settle (its compiler threads used ~20 s of CPU), the relay's
			// a few seconds
			for (int i = 0; i < WARM_UP_ROUNDS; i++) {
				beaconSide.round(20);
			}
			relaySide.round(10);
			beaconSide.rounds.clear();
			relaySide.rounds.clear();
			List<Double> ratios = new ArrayList<>();
			List<Double> cpuRatios = new ArrayList<>();
			blocks(relaySide, beaconSide, ratios, cpuRatios);
			assertThat((long) stub.received()).isGreaterThanOrEqualTo(beaconSide.total() + relaySide.total());
			double ratio = Round.medianOf(ratios);
			double cpuRatio = Round.medianOf(cpuRatios);
			BenchmarkResults.record(
					"Publishing to a user from outside: wrk, " + CONNECTIONS + " connections, " + BLOCKS
							+ " relay-Beacon-Beacon-relay blocks of " + SECONDS + " s rounds",
					beaconSide.describe(),
					relaySide.describe() + " (a JDK HttpServer + HttpClient relay, client " + RELAY_CLIENT + ")",
					"%.2f (blocks %.2f to %.2f); by CPU a message %.2f (blocks %.2f to %.2f)".formatted(ratio,
							Collections.min(ratios), Collections.max(ratios), cpuRatio, Collections.min(cpuRatios),
							Collections.max(cpuRatios)),
					"ratio >= 0.8: %s, by CPU %s; load average %s before, %s after".formatted(
							BenchmarkResults.met(ratio >= 0.8), BenchmarkResults.met(cpuRatio >= 0.8), loadBefore,
							BenchmarkResults.loadAverage()));
		}
		finally {
			stub.stop();
		}
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
		List<String> settings = List.of(
				"--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
				"--beacon.api.keys=" + API_KEY, "--beacon.status.broadcast-interval=0");
		List<String> earlierJvm = new ArrayList<>(jvm("before"));
		earlierJvm.addAll(List.of("-cp", classPathWith(System.getProperty("bench.relay.before"))));
		try (BeaconProcess after = BeaconProcess.start("bench-relay-after", jvm("after"), settings);
				BeaconProcess before = BeaconProcess.start("bench-relay-before", earlierJvm, settings)) {
			Map<String, String> headers = Map.of("Content-Type", "application/json", "X-API-Key", API_KEY);
			Side afterSide = new Side(after.pid(), after.url() + "/api/hubs/notifications/messages", headers);
			Side beforeSide = new Side(before.pid(), before.url() + "/api/hubs/notifications/messages", headers);
			for (int i = 0; i < WARM_UP_ROUNDS; i++) {
				afterSide.round(20);
				beforeSide.round(20);
			}
			afterSide.rounds.clear();
			beforeSide.rounds.clear();
			List<Double> ratios = new ArrayList<>();
			List<Double> cpuRatios = new ArrayList<>();
			blocks(beforeSide, afterSide, ratios, cpuRatios);
			BenchmarkResults
				.record("Publishing to a user from outside, this build against an earlier one: wrk, " + CONNECTIONS
						+ " connections, " + BLOCKS + " before-after-after-before blocks of " + SECONDS + " s rounds",
						afterSide.describe(), beforeSide.describe() + " (the earlier build)",
						"%.2f (blocks %.2f to %.2f); by CPU a message %.2f (blocks %.2f to %.2f)".formatted(
								Round.medianOf(ratios), Collections.min(ratios), Collections.max(ratios),
								Round.medianOf(cpuRatios), Collections.min(cpuRatios), Collections.max(cpuRatios)),
						"measured; load average %s before, %s after".formatted(loadBefore,
								BenchmarkResults.loadAverage()));
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

	/** The test class path with this build's classes swapped for an earlier build's. */
	private static String classPathWith(String earlierClasses) {
		Path classes = Path.of("target", "classes").toAbsolutePath();
		List<String> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
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

		final String url;

		final Map<String, String> headers;

		final List<Measured> rounds = new ArrayList<>();

		Side(long pid, String url, Map<String, String> headers) {
			this.pid = pid;
			this.url = url;
			this.headers = headers;
		}

		Measured round(int seconds) throws Exception {
			long cpuBefore = ProcessUsage.cpuNanos(this.pid);
			Wrk.Result result = Wrk.post(this.url, CONNECTIONS, seconds, this.headers, MESSAGE);
			long cpu = ProcessUsage.cpuNanos(this.pid) - cpuBefore;
			Measured round = new Measured(result.requestsPerSecond(), cpu / 1000.0 / result.requests(),
					result.p50Millis(), result.p99Millis(), result.requests());
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
			return "%.0f messages/s, p50 %.2f ms, p99 %.2f ms; %.0f us CPU a message".formatted(median.rate(),
					median.p50Millis(), median.p99Millis(), cpu);
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
