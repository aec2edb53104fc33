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
		properties = { "beacon.api.keys=bench-key-0123456789abcdef0123456789abcdef",
				"beacon.status.broadcast-interval=0", "logging.level.root=WARN" })
class FanOutBenchmarkTests {

	static final int BROADCASTS = 20;

	static final int MIXED_CONNECTIONS = 1000;

	static final int MIXED_ROUNDS = 40;

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
	 * Two populations of 1,000 clients connected at once, one all on JSON, one half on
	 * MessagePack, each in a group of its own; sends to the two groups alternate, so both
	 * meet the same machine. The service encodes each send once per protocol, so the cost
	 * per delivery should barely move.
	 */
	@Test
	void halfTheClientsOnMessagePackCostAboutTheSamePerDelivery() throws Exception {
		String beacon = "http://127.0.0.1:" + this.port;
		AtomicReference<CountDownLatch> jsonLatch = new AtomicReference<>(new CountDownLatch(0));
		AtomicReference<CountDownLatch> mixedLatch = new AtomicReference<>(new CountDownLatch(0));
		List<ProtocolClient> json = ProtocolClient.connectAll(this.http, beacon, MIXED_CONNECTIONS, 0,
				(message) -> jsonLatch.get().countDown());
		List<ProtocolClient> mixed = ProtocolClient.connectAll(this.http, beacon, MIXED_CONNECTIONS, 2,
				(message) -> mixedLatch.get().countDown());
		ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
		pinger.scheduleAtFixedRate(() -> {
			ProtocolClient.pingAll(json);
			ProtocolClient.pingAll(mixed);
		}, 10, 10, TimeUnit.SECONDS);
		try {
			join("json-only", json);
			join("half-messagepack", mixed);
			for (int warmUp = 0; warmUp < 5; warmUp++) {
				sendToGroup("json-only", json, jsonLatch);
				sendToGroup("half-messagepack", mixed, mixedLatch);
			}
			long jsonNanos = 0;
			long mixedNanos = 0;
			for (int round = 0; round < MIXED_ROUNDS; round++) {
				jsonNanos += sendToGroup("json-only", json, jsonLatch);
				mixedNanos += sendToGroup("half-messagepack", mixed, mixedLatch);
			}
			long closed = json.stream().filter(ProtocolClient::closedByServer).count()
					+ mixed.stream().filter(ProtocolClient::closedByServer).count();
			double jsonRate = (double) MIXED_CONNECTIONS * MIXED_ROUNDS / (jsonNanos / 1e9);
			double mixedRate = (double) MIXED_CONNECTIONS * MIXED_ROUNDS / (mixedNanos / 1e9);
			double costRatio = jsonRate / mixedRate;
			BenchmarkResults.record(
					"Fan-out to " + MIXED_CONNECTIONS + " connections, half on MessagePack (" + MIXED_ROUNDS
							+ " alternating group sends)",
					"%.0f deliveries/s (%.2f us each)".formatted(mixedRate, 1e6 / mixedRate),
					"%.0f deliveries/s (%.2f us each): 1,000 on JSON".formatted(jsonRate, 1e6 / jsonRate),
					"%.2f cost".formatted(costRatio),
					"cost per delivery within 1.2x of JSON only: " + BenchmarkResults.met(costRatio <= 1.2)
							+ ((closed > 0) ? " (" + closed + " clients closed by the service during the run)" : ""));
		}
		finally {
			pinger.shutdownNow();
			json.forEach(ProtocolClient::close);
			mixed.forEach(ProtocolClient::close);
		}
	}

	private void join(String group, List<ProtocolClient> clients) throws Exception {
		for (ProtocolClient client : clients) {
			HttpResponse<Void> response = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/hubs/notifications/groups/" + group
						+ "/connections/" + client.connectionId()))
				.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
				.PUT(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(200);
		}
	}

	private long sendToGroup(String group, List<ProtocolClient> clients, AtomicReference<CountDownLatch> latch)
			throws Exception {
		// A client the service closed (one that fell behind, or missed its pings on a
		// loaded machine) receives nothing more; the round waits for the others.
		int open = (int) clients.stream().filter((client) -> !client.closedByServer()).count();
		latch.set(new CountDownLatch(open));
		long start = System.nanoTime();
		HttpResponse<Void> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/hubs/notifications/messages"))
			.header("Content-Type", "application/json")
			.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
			.POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"statusUpdate\",\"groupName\":\"" + group
					+ "\",\"arguments\":[{\"status\":\"operational\",\"message\":\"fan-out\",\"sequence\":42}]}"))
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(latch.get().await(60, TimeUnit.SECONDS)).as("all %d open in %s received", open, group).isTrue();
		return System.nanoTime() - start;
	}

	private double deliveriesPerSecond(int connections) throws Exception {
		AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(connections));
		List<ProtocolClient> clients = ProtocolClient.connectAll(this.http, "http://127.0.0.1:" + this.port,
				connections, (json) -> latch.get().countDown());
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
				.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
				.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"operational\",\"message\":\"fan-out\"}"))
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(latch.get().await(60, TimeUnit.SECONDS)).as("all %d received", connections).isTrue();
		return System.nanoTime() - start;
	}

}
