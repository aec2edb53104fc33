package dev.beacon.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.ProtocolClient;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 protocol clients on the local service; one {@code POST /api/status} every 10 ms
 * for 60 s. Delivery latency is measured from just before the POST to receipt on each
 * client. Baseline in the same run: the same load sent straight to the local service's
 * REST {@code :send} (no publish API, no REST client, no history).
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=bench-key-0123456789abcdef0123456789abcdef",
				"beacon.local.access-key=" + EndToEndBenchmarkTests.LOCAL_KEY, "beacon.status.broadcast-interval=0",
				"logging.level.root=WARN" })
class EndToEndBenchmarkTests {

	static final String LOCAL_KEY = "BENCHBENCHBENCHBENCHBENCHBENCHBENCHBENCH1234";

	static final int CLIENTS = Integer.getInteger("bench.clients", 1000);

	static final Duration DURATION = Duration.ofSeconds(Long.getLong("bench.seconds", 10));

	static final Duration INTERVAL = Duration.ofMillis(10);

	private static final Pattern SEQUENCE = Pattern.compile("seq-(\\d+)");

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@Test
	void thousandClientsStatusEvery10Ms() throws Exception {
		String beacon = "http://127.0.0.1:" + this.port;
		Run direct = run("direct REST :send", directSender(beacon));
		Run viaBeacon = run("POST /api/status", apiSender(beacon));
		double ratio = viaBeacon.p99Millis() / direct.p99Millis();
		BenchmarkResults.record(
				"End to end, " + CLIENTS + " clients, 1 status / 10 ms for " + DURATION.toSeconds() + " s",
				viaBeacon.summary(), direct.summary() + " (straight to the local REST API)",
				"p99 %.2fx".formatted(ratio),
				"every 10 ms kept, p99 < 50 ms, 0 lost, heap stable: " + BenchmarkResults
					.met(viaBeacon.sendSeconds() <= DURATION.toSeconds() * 1.1 && viaBeacon.p99Millis() < 50
							&& viaBeacon.lost() == 0 && viaBeacon.heapGrowthMb() < 64));
		assertThat(viaBeacon.lost()).isZero();
	}

	private Run run(String name, Sender sender) throws Exception {
		int messages = (int) (DURATION.toMillis() / INTERVAL.toMillis());
		AtomicLongArray sentAt = new AtomicLongArray(messages);
		long[] latencies = new long[CLIENTS * messages];
		AtomicInteger received = new AtomicInteger();
		List<ProtocolClient> clients = ProtocolClient.connectAll(this.http, "http://127.0.0.1:" + this.port, CLIENTS,
				(json) -> {
					Matcher matcher = SEQUENCE.matcher(json);
					if (matcher.find()) {
						int sequence = Integer.parseInt(matcher.group(1));
						int index = received.getAndIncrement();
						if (index < latencies.length) {
							latencies[index] = System.nanoTime() - sentAt.get(sequence);
						}
					}
				});
		long heapBefore = usedHeapAfterGc();
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		scheduler.scheduleAtFixedRate(() -> ProtocolClient.pingAll(clients), 10, 10, TimeUnit.SECONDS);
		Map<Integer, Integer> failures = new ConcurrentHashMap<>();
		long start = System.nanoTime();
		for (int sequence = 0; sequence < messages; sequence++) {
			long due = start + sequence * INTERVAL.toNanos();
			long wait = due - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			sentAt.set(sequence, System.nanoTime());
			int status = sender.send(sequence);
			if (status >= 300) {
				failures.merge(status, 1, Integer::sum);
			}
		}
		double sendSeconds = (System.nanoTime() - start) / 1e9;
		long expected = (long) CLIENTS * messages;
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (received.get() < expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		scheduler.shutdownNow();
		long heapAfter = usedHeapAfterGc();
		clients.forEach(ProtocolClient::close);
		assertThat(failures).as("failed publishes of " + name).isEmpty();
		long count = Math.min(received.get(), latencies.length);
		long[] sorted = Arrays.copyOf(latencies, (int) count);
		Arrays.sort(sorted);
		return new Run(percentile(sorted, 0.50), percentile(sorted, 0.99), expected - received.get(),
				(heapAfter - heapBefore) / (1024.0 * 1024), expected, sendSeconds);
	}

	private Sender apiSender(String beacon) {
		return (sequence) -> send(HttpRequest.newBuilder(URI.create(beacon + "/api/status"))
			.header("Content-Type", "application/json")
			.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"status\":\"operational\",\"message\":\"seq-" + sequence + "\"}"))
			.build());
	}

	private Sender directSender(String beacon) {
		String path = "/api/hubs/notifications/:send?api-version=2024-12-01";
		String token = this.tokens.issue(new AccessKey(LOCAL_KEY), "http://127.0.0.1" + path, Duration.ofHours(1),
				Map.of());
		return (sequence) -> send(HttpRequest.newBuilder(URI.create(beacon + "/local" + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"statusUpdate\",\"arguments\":[{\"id\":\"d"
					+ sequence + "\",\"status\":\"operational\",\"message\":\"seq-" + sequence + "\"}]}"))
			.build());
	}

	private int send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			return 599;
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		System.gc();
		Thread.sleep(500);
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static double percentile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
	}

	@FunctionalInterface
	interface Sender {

		int send(int sequence);

	}

	/**
	 * What one run measured. Each POST is sent when due or, when the previous one took
	 * longer than the interval, at once: {@code sendSeconds} shows whether the schedule
	 * held.
	 */
	record Run(double p50Millis, double p99Millis, long lost, double heapGrowthMb, long expected, double sendSeconds) {

		String summary() {
			return "p50 %.2f ms, p99 %.2f ms, lost %d of %d, heap %+.0f MB, sent in %.0f s".formatted(this.p50Millis,
					this.p99Millis, this.lost, this.expected, this.heapGrowthMb, this.sendSeconds);
		}

	}

}
