package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.beacon.support.ProtocolClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out in the local service: one broadcast to N connections, timed from the POST to
 * the last receipt, for N = 100, 1,000 and 5,000. The baseline is N = 100: the ratio
 * shows how the cost per delivery grows with N. Clients connect 16 at a time and ping
 * every 10 s, since connecting 5,000 takes longer than the service's client timeout.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=bench-key", "beacon.status.broadcast-interval=0", "logging.level.root=WARN" })
class FanOutBenchmarkTests {

	static final int BROADCASTS = 20;

	static final int MIXED_CONNECTIONS = 1000;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@Test
	void deliveriesPerSecondByConnectionCount() throws Exception {
		// A first pass at N = 100 warms the JIT, so the baseline is not a cold JVM's.
		deliveriesPerSecond(100);
		double base = 0;
		for (int connections : List.of(100, 1000, 5000)) {
			double perSecond = deliveriesPerSecond(connections);
			if (connections == 100) {
				base = perSecond;
			}
			BenchmarkResults.record("Fan-out, one broadcast to " + connections + " connections",
					"%.0f deliveries/s (%.2f us each)".formatted(perSecond, 1e6 / perSecond),
					"%.0f deliveries/s at N = 100".formatted(base), "%.2f".formatted(perSecond / base),
					"cost per delivery flat or falling with N: " + BenchmarkResults.met(perSecond >= 0.8 * base));
		}
	}

	/**
	 * Half of 1,000 clients on MessagePack against all on JSON, alternating three times
	 * each in one run: the service encodes each broadcast once per protocol, so the cost
	 * per delivery should barely move.
	 */
	@Test
	void halfTheClientsOnMessagePackCostAboutTheSamePerDelivery() throws Exception {
		deliveriesPerSecond(MIXED_CONNECTIONS, 2);
		List<Double> json = new java.util.ArrayList<>();
		List<Double> mixed = new java.util.ArrayList<>();
		for (int round = 0; round < 3; round++) {
			json.add(deliveriesPerSecond(MIXED_CONNECTIONS, 0));
			mixed.add(deliveriesPerSecond(MIXED_CONNECTIONS, 2));
		}
		double jsonMedian = median(json);
		double mixedMedian = median(mixed);
		double costRatio = jsonMedian / mixedMedian;
		BenchmarkResults.record("Fan-out to " + MIXED_CONNECTIONS + " connections, half on MessagePack",
				"%.0f deliveries/s (%.2f us each)".formatted(mixedMedian, 1e6 / mixedMedian),
				"%.0f deliveries/s all on JSON".formatted(jsonMedian), "%.2f cost".formatted(costRatio),
				"cost per delivery within 1.2x of JSON only: " + BenchmarkResults.met(costRatio <= 1.2));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private double deliveriesPerSecond(int connections) throws Exception {
		return deliveriesPerSecond(connections, 0);
	}

	private double deliveriesPerSecond(int connections, int messagePackEvery) throws Exception {
		AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(connections));
		List<ProtocolClient> clients = ProtocolClient.connectAll(this.http, "http://127.0.0.1:" + this.port,
				connections, messagePackEvery, (json) -> latch.get().countDown());
		ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
		pinger.scheduleAtFixedRate(() -> ProtocolClient.pingAll(clients), 10, 10, TimeUnit.SECONDS);
		try {
			broadcast(latch, connections);
			long total = 0;
			for (int i = 0; i < BROADCASTS; i++) {
				total += broadcast(latch, connections);
			}
			return (double) connections * BROADCASTS / (total / 1e9);
		}
		finally {
			pinger.shutdownNow();
			clients.forEach(ProtocolClient::close);
		}
	}

	private long broadcast(AtomicReference<CountDownLatch> latch, int connections) throws Exception {
		latch.set(new CountDownLatch(connections));
		long start = System.nanoTime();
		HttpResponse<Void> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/status"))
				.header("Content-Type", "application/json")
				.header("X-API-Key", "bench-key")
				.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"operational\",\"message\":\"fan-out\"}"))
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(latch.get().await(60, TimeUnit.SECONDS)).as("all %d received", connections).isTrue();
		return System.nanoTime() - start;
	}

}
