package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.beacon.support.ProtocolClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filtered send to 5,000 connections against an unfiltered broadcast to the same 5,000,
 * in alternating rounds, each timed from the POST to the last receipt: what the filter
 * costs per delivery (selecting the connections, every connection's groups, the
 * evaluation) on top of the fan-out. The filter selects every connection, so both rounds
 * deliver the same messages.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=bench-key-0123456789abcdef0123456789abcdef",
				"beacon.status.broadcast-interval=0", "logging.level.root=WARN" })
class FilteredSendBenchmarkTests {

	static final int CONNECTIONS = Integer.getInteger("bench.filter.connections", 5000);

	static final int ROUNDS = Integer.getInteger("bench.filter.rounds", 20);

	static final String FILTER = "'bench' in groups and (userId eq null or startswith(userId, 'bench-'))";

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@Test
	void aFilteredSendCostsAboutWhatABroadcastCostsPerDelivery() throws Exception {
		AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));
		List<ProtocolClient> clients = ProtocolClient.connectAll(this.http, "http://127.0.0.1:" + this.port,
				CONNECTIONS, (message) -> latch.get().countDown());
		ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
		pinger.scheduleAtFixedRate(() -> ProtocolClient.pingAll(clients), 10, 10, TimeUnit.SECONDS);
		try {
			join(clients);
			String broadcast = "{\"target\":\"note\",\"arguments\":[\"x\"]}";
			String filtered = "{\"target\":\"note\",\"arguments\":[\"x\"],\"filter\":\"" + FILTER + "\"}";
			for (int warmUp = 0; warmUp < 5; warmUp++) {
				send(broadcast, clients, latch);
				send(filtered, clients, latch);
			}
			long broadcastNanos = 0;
			long filteredNanos = 0;
			for (int round = 0; round < ROUNDS; round++) {
				broadcastNanos += send(broadcast, clients, latch);
				filteredNanos += send(filtered, clients, latch);
			}
			double broadcastMicros = broadcastNanos / 1e3 / ROUNDS / CONNECTIONS;
			double filteredMicros = filteredNanos / 1e3 / ROUNDS / CONNECTIONS;
			double cost = filteredMicros / broadcastMicros;
			BenchmarkResults.record(
					"Filtered send to " + CONNECTIONS + " connections (" + ROUNDS + " alternating rounds)",
					"%.2f us per delivery (filter %s)".formatted(filteredMicros, FILTER),
					"%.2f us per delivery, unfiltered broadcast".formatted(broadcastMicros),
					"%.2f cost".formatted(cost), "at most 1.5x per delivery: " + BenchmarkResults.met(cost <= 1.5)
							+ "; load " + BenchmarkResults.loadAverage());
		}
		finally {
			pinger.shutdownNow();
			clients.forEach(ProtocolClient::close);
		}
	}

	private void join(List<ProtocolClient> clients) throws Exception {
		Semaphore parallel = new Semaphore(16);
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (ProtocolClient client : clients) {
				executor.submit(() -> {
					parallel.acquire();
					try {
						HttpResponse<Void> response = this.http.send(HttpRequest
							.newBuilder(URI.create("http://127.0.0.1:" + this.port
									+ "/api/hubs/notifications/groups/bench/connections/" + client.connectionId()))
							.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
							.PUT(HttpRequest.BodyPublishers.noBody())
							.build(), HttpResponse.BodyHandlers.discarding());
						assertThat(response.statusCode()).isEqualTo(200);
						return null;
					}
					finally {
						parallel.release();
					}
				});
			}
		}
	}

	private long send(String body, List<ProtocolClient> clients, AtomicReference<CountDownLatch> latch)
			throws Exception {
		int open = (int) clients.stream().filter((client) -> !client.closedByServer()).count();
		latch.set(new CountDownLatch(open));
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/hubs/notifications/messages"))
					.header("Content-Type", "application/json")
					.header("X-API-Key", "bench-key-0123456789abcdef0123456789abcdef")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(latch.get().await(60, TimeUnit.SECONDS)).as("all %d open received", open).isTrue();
		return System.nanoTime() - start;
	}

}
