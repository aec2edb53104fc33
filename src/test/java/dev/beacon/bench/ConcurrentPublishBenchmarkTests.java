package dev.beacon.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.BeaconApplication;
import dev.beacon.restclient.RestClientBenchmarkAccess;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing to users concurrently, through Beacon and straight to a fast local stub of
 * the service, with the same JDK client, in one run:
 * <ul>
 * <li>64 publishers each posting one message after another to
 * {@code POST /api/hubs/notifications/messages} against the same 64 posting the same
 * bodies to the stub's {@code /api/hubs/notifications/users/{user}/:send};</li>
 * <li>{@code POST .../messages:batch} with 100 messages a batch (4 publishers, enough to
 * keep Beacon's batch share of 32 sends busy) against 32 senders posting the same
 * messages to the stub: 32 sends in flight both ways.</li>
 * </ul>
 * Each round sends {@code bench.publish.messages} (10,000) messages; rounds run in
 * back-to-back blocks of direct, Beacon, Beacon, direct, so drift on the shared machine
 * hits both sides alike, and the ratio is the median of the blocks' ratios. Beside the
 * rates, the process's CPU time per message on each side (stub, publishers and Beacon all
 * run in this JVM): what another load on the same cores does not change.
 */
@Tag("benchmark")
class ConcurrentPublishBenchmarkTests {

	static final int PUBLISHERS = 64;

	static final int BATCH = 100;

	static final int BATCH_PUBLISHERS = 4;

	/** Beacon's batch share with the default bulkhead of 64. */
	static final int BATCH_CONCURRENCY = 32;

	static final int MESSAGES = Integer.getInteger("bench.publish.messages", 6_000);

	static final int BLOCKS = Integer.getInteger("bench.publish.blocks", 2);

	static final int USERS = 1000;

	/** {@code singles} or {@code batches} to run one comparison alone (to profile it). */
	static final String ONLY = System.getProperty("bench.publish.only", "both");

	static final AtomicLong orders = new AtomicLong();

	/**
	 * Configured as Beacon's data plane configures its own: with the default executor the
	 * JDK client now and then hands an answer to its pool's watcher and fails the request
	 * (PooledConnectionRaceSoakTests), which ended long rounds.
	 */
	final HttpClient http = RestClientBenchmarkAccess.dataPlaneHttpClient();

	@Test
	void concurrentPublishingThroughBeaconVersusStraightToTheService() throws Exception {
		StubService stub = StubService.start(202);
		String loadBefore = BenchmarkResults.loadAverage();
		try (ConfigurableApplicationContext beacon = beacon(stub)) {
			Sides singles = new Sides(() -> direct(stub), () -> throughBeacon(beacon), PUBLISHERS, PUBLISHERS);
			Sides batches = new Sides(() -> direct(stub), () -> batchThroughBeacon(beacon), BATCH_CONCURRENCY,
					BATCH_PUBLISHERS);
			List<Sides> compared = switch (ONLY) {
				case "singles" -> List.of(singles);
				case "batches" -> List.of(batches);
				default -> List.of(singles, batches);
			};
			for (Sides sides : compared) {
				sides.warmUp();
			}
			stub.resetReceived();
			for (int block = 0; block < BLOCKS; block++) {
				for (Sides sides : compared) {
					sides.block();
				}
			}
			assertThat(stub.received()).isEqualTo(BLOCKS * 4 * compared.size() * MESSAGES);
			String load = "load average " + loadBefore + " before, " + BenchmarkResults.loadAverage() + " after";
			if (compared.contains(singles)) {
				record("64 publishers, one message a request", singles, PUBLISHERS + " publishers straight to the stub",
						0.4, load);
			}
			if (compared.contains(batches)) {
				record("batches of " + BATCH + " (" + BATCH_PUBLISHERS + " publishers, " + BATCH_CONCURRENCY
						+ " sends in flight)", batches, BATCH_CONCURRENCY + " senders straight to the stub", 0.8, load);
			}
		}
		finally {
			stub.stop();
		}
	}

	private static void record(String what, Sides sides, String baseline, double target, String load) {
		List<Double> ratios = sides.ratios();
		List<Double> cpuRatios = sides.cpuRatios();
		double ratio = Round.medianOf(ratios);
		double cpuRatio = Round.medianOf(cpuRatios);
		Round beacon = Round.median(sides.beacon);
		Round direct = Round.median(sides.direct);
		BenchmarkResults.record(
				"Concurrent publishing to users, " + what + ", " + MESSAGES + " messages a round, "
						+ sides.beacon.size() + " back-to-back direct-Beacon-Beacon-direct blocks",
				"%.0f messages/s, p50 %.2f ms, p99 %.2f ms a request; %.1f us CPU a message".formatted(beacon.rate(),
						beacon.p50Millis(), beacon.p99Millis(), Round.medianOf(sides.beaconCpu)),
				"%.0f messages/s, p50 %.2f ms, p99 %.2f ms; %.1f us CPU a message (%s)".formatted(direct.rate(),
						direct.p50Millis(), direct.p99Millis(), Round.medianOf(sides.directCpu), baseline),
				"%.2f (blocks %.2f to %.2f); by CPU a message %.2f (blocks %.2f to %.2f)".formatted(ratio,
						Collections.min(ratios), Collections.max(ratios), cpuRatio, Collections.min(cpuRatios),
						Collections.max(cpuRatios)),
				"ratio >= %.1f: %s, by CPU %s; %s".formatted(target, BenchmarkResults.met(ratio >= target),
						BenchmarkResults.met(cpuRatio >= target), load));
	}

	private static ConfigurableApplicationContext beacon(StubService stub) {
		return new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0",
				"--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
				"--beacon.api.keys=bench-key-0123456789abcdef0123456789abcdef", "--beacon.status.broadcast-interval=0",
				"--logging.level.root=WARN");
	}

	/** One message to a user, as Beacon would send it: the service's own path. */
	private long direct(StubService stub) throws Exception {
		long order = orders.incrementAndGet();
		URI uri = URI.create("http://127.0.0.1:" + stub.port() + "/api/hubs/notifications/users/user-" + (order % USERS)
				+ "/:send?api-version=2024-12-01");
		return post(uri, null, message(order, false), 202);
	}

	private long throughBeacon(ConfigurableApplicationContext beacon) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port(beacon) + "/api/hubs/notifications/messages");
		return post(uri, "bench-key-0123456789abcdef0123456789abcdef", message(orders.incrementAndGet(), true), 202);
	}

	private long batchThroughBeacon(ConfigurableApplicationContext beacon) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port(beacon) + "/api/hubs/notifications/messages:batch");
		StringBuilder body = new StringBuilder("{\"messages\":[");
		for (int i = 0; i < BATCH; i++) {
			body.append((i > 0) ? "," : "").append(message(orders.incrementAndGet(), true));
		}
		long started = System.nanoTime();
		HttpResponse<String> response = this.http.send(
				request(uri, "bench-key-0123456789abcdef0123456789abcdef", body.append("]}").toString()),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200 || !response.body().endsWith("\"accepted\":" + BATCH + ",\"failed\":0}")) {
			throw new IllegalStateException("batch answered " + response.statusCode());
		}
		return System.nanoTime() - started;
	}

	private static String message(long order, boolean withUser) {
		return "{\"target\":\"newOrder\",\"arguments\":[{\"order\":" + order
				+ ",\"total\":\"42.00\",\"items\":[\"book\",\"pen\"]}]"
				+ (withUser ? ",\"userId\":\"user-" + (order % USERS) + "\"" : "") + "}";
	}

	private long post(URI uri, String apiKey, String body, int expected) throws Exception {
		long started = System.nanoTime();
		HttpResponse<Void> response = this.http.send(request(uri, apiKey, body),
				HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() != expected) {
			throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode());
		}
		return System.nanoTime() - started;
	}

	private static HttpRequest request(URI uri, String apiKey, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return ((apiKey != null) ? request.header("X-API-Key", apiKey) : request).build();
	}

	private static int port(ConfigurableApplicationContext beacon) {
		return ((WebServerApplicationContext) beacon).getWebServer().getPort();
	}

	/**
	 * CPU time of this whole process (stub, publishers and Beacon alike), in nanoseconds:
	 * unlike the rates, it does not depend on what else the shared machine runs.
	 */
	private static long cpuTime() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** One request of a side: answers its latency in nanoseconds. */
	interface Call {

		long send() throws Exception;

	}

	/** Both sides of one comparison and their rounds. */
	final class Sides {

		final Call directCall;

		final Call beaconCall;

		final int directPublishers;

		final int beaconPublishers;

		final List<Round> direct = new ArrayList<>();

		final List<Round> beacon = new ArrayList<>();

		/** CPU time of the whole process per message, in the blocks' order. */
		final List<Double> directCpu = new ArrayList<>();

		final List<Double> beaconCpu = new ArrayList<>();

		Sides(Call direct, Call throughBeacon, int directPublishers, int beaconPublishers) {
			this.directCall = direct;
			this.beaconCall = throughBeacon;
			this.directPublishers = directPublishers;
			this.beaconPublishers = beaconPublishers;
		}

		/**
		 * Two rounds a side before any is measured: Beacon's path has far more code for
		 * the JIT to compile, whose CPU time would otherwise count against it.
		 */
		void warmUp() throws Exception {
			for (int i = 0; i < 2; i++) {
				round(this.directCall, this.directPublishers, 1);
				round(this.beaconCall, this.beaconPublishers, messagesPerCall());
			}
		}

		/**
		 * Direct, Beacon, Beacon, direct: the first side after a switch runs differently
		 * on a shared host, and this order gives each side that place equally.
		 */
		void block() throws Exception {
			long start = cpuTime();
			Round directFirst = round(this.directCall, this.directPublishers, 1);
			long switched = cpuTime();
			Round beaconFirst = round(this.beaconCall, this.beaconPublishers, messagesPerCall());
			Round beaconSecond = round(this.beaconCall, this.beaconPublishers, messagesPerCall());
			long switchedBack = cpuTime();
			Round directSecond = round(this.directCall, this.directPublishers, 1);
			long end = cpuTime();
			this.beacon.add(beaconFirst.plus(beaconSecond));
			this.direct.add(directFirst.plus(directSecond));
			this.beaconCpu.add((switchedBack - switched) / 1e3 / (2.0 * MESSAGES));
			this.directCpu.add((switched - start + end - switchedBack) / 1e3 / (2.0 * MESSAGES));
		}

		/** Direct CPU time per message over Beacon's, block by block. */
		List<Double> cpuRatios() {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.beaconCpu.size(); i++) {
				ratios.add(this.directCpu.get(i) / this.beaconCpu.get(i));
			}
			return ratios;
		}

		List<Double> ratios() {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.beacon.size(); i++) {
				ratios.add(this.beacon.get(i).rate() / this.direct.get(i).rate());
			}
			return ratios;
		}

		private int messagesPerCall() {
			return (this.beaconPublishers == PUBLISHERS) ? 1 : BATCH;
		}

		/**
		 * One round's messages by {@code publishers} publishers, each calling as soon as
		 * its last call was answered.
		 */
		private Round round(Call call, int publishers, int messagesPerCall) throws Exception {
			Round calls = Round.closedLoop(publishers, MESSAGES / messagesPerCall, call::send);
			// The rate counts messages; a batch's latency is its whole request's.
			return new Round(calls.count() * messagesPerCall, calls.length(), calls.sortedLatencies());
		}

	}

}
