package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.local.upstreamclient.HttpLocalUpstream;
import dev.beacon.restclient.RestClientBenchmarkAccess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A race inside the JDK HttpClient that the long batch benchmark rounds ran into: now and
 * then the answer to a request on a reused connection reaches the connection pool's
 * watcher instead of the exchange, which takes it for "Data received while in pool",
 * closes the connection (the JDK's own comment there: "this should not happen") and fails
 * the request with "HTTP/1.1 header parser received no bytes", although the service
 * received it and answered. With the client's default executor: about one request in
 * 900,000 (32 senders, one local JDK server, two cores). With the executor Beacon's data
 * plane uses ({@code Runnable::run}: every task on the client's selector thread), none in
 * every run so far; the local service's upstream client is set up the same way and is
 * checked too. {@code -Dbench.race.seconds} (60) for each way.
 */
@Tag("soak")
class PooledConnectionRaceSoakTests {

	static final int SECONDS = Integer.getInteger("bench.race.seconds", 60);

	@Test
	void theDataPlanesClientConfigurationLosesNoAnswerToThePoolsWatcher() throws Exception {
		Outcome defaults = run(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		Outcome dataPlane = run(RestClientBenchmarkAccess.dataPlaneHttpClient());
		BenchmarkResults.record("The JDK client's pooled-connection race: 32 senders, " + SECONDS + " s each way",
				dataPlane.describe() + " (the data plane's executor, Runnable::run)",
				defaults.describe() + " (the default executor)", "-",
				"the data plane's way loses none: %s".formatted(BenchmarkResults.met(dataPlane.failures().isEmpty())));
		assertThat(dataPlane.failures()).isEmpty();
	}

	@Test
	void theLocalUpstreamsClientConfigurationLosesNoAnswerToThePoolsWatcher() throws Exception {
		Outcome upstream = run(HttpLocalUpstream.httpClient().build());
		BenchmarkResults.record("The JDK client's pooled-connection race: 32 senders, " + SECONDS + " s",
				upstream.describe() + " (the local service's upstream client)", "-", "-",
				"the upstream client's way loses none: %s"
					.formatted(BenchmarkResults.met(upstream.failures().isEmpty())));
		assertThat(upstream.failures()).isEmpty();
	}

	private static Outcome run(HttpClient client) throws Exception {
		StubService stub = StubService.start(202);
		URI uri = URI.create("http://127.0.0.1:" + stub.port()
				+ "/api/hubs/notifications/users/user-7/:send?api-version=2024-12-01");
		AtomicLong answered = new AtomicLong();
		Map<String, Integer> failures = new ConcurrentHashMap<>();
		long end = System.nanoTime() + SECONDS * 1_000_000_000L;
		try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 32; i++) {
				senders.submit(() -> {
					while (System.nanoTime() < end) {
						send(client, uri, answered, failures);
					}
				});
			}
		}
		finally {
			stub.stop();
		}
		return new Outcome(answered.get(), new TreeMap<>(failures));
	}

	private static void send(HttpClient client, URI uri, AtomicLong answered, Map<String, Integer> failures) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"newOrder\",\"arguments\":[42]}"))
			.build();
		try {
			client.send(request, HttpResponse.BodyHandlers.discarding());
			answered.incrementAndGet();
		}
		catch (Exception ex) {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			failures.merge(String.valueOf(root.getMessage()), 1, Integer::sum);
		}
	}

	record Outcome(long answered, Map<String, Integer> failures) {

		String describe() {
			return "%,d answered, failed: %s".formatted(this.answered,
					this.failures.isEmpty() ? "none" : this.failures);
		}

	}

}
