package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.ProtocolClient;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Client results in local mode with 1,000 clients connected, each answering every
 * invocation at once with its argument: the round trip through Beacon's API ({@code POST
 * /api/hubs/{hub}/connections/{id}/invoke}: API key, validation, Beacon's REST client,
 * the local service's {@code :invoke}, the client and back) against the local service's
 * {@code :invoke} called directly with a signed token, the same invocation to the same
 * connections. Throughput in alternating closed-loop rounds (64 callers), then the
 * open-loop latency of Beacon's API at half of its saturation rate.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + ClientResultsBenchmarkTests.API_KEY, "beacon.status.broadcast-interval=0",
				"beacon.local.access-key=" + ClientResultsBenchmarkTests.LOCAL_KEY, "logging.level.root=WARN" })
class ClientResultsBenchmarkTests {

	static final String API_KEY = "bench-key-0123456789abcdef0123456789abcdef";

	static final String LOCAL_KEY = "BENCHBENCHBENCHBENCHBENCHBENCHBENCHBENCH1234";

	static final int CONNECTIONS = Integer.getInteger("bench.invoke.connections", 1000);

	static final int CALLERS = 64;

	static final Duration ROUND = Duration.ofSeconds(Long.getLong("bench.invoke.round-seconds", 4));

	static final int ROUNDS = Integer.getInteger("bench.invoke.rounds", 3);

	static final int WARM_UP_ROUNDS = Integer.getInteger("bench.invoke.warm-up-rounds", 4);

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@Test
	void clientResultsThroughBeaconAgainstTheLocalServiceDirectly() throws Exception {
		Map<String, ProtocolClient> byId = new ConcurrentHashMap<>();
		List<ProtocolClient> clients = ProtocolClient.connectAll(this.http, "http://127.0.0.1:" + this.port,
				CONNECTIONS, (message) -> answer(byId, message));
		clients.forEach((client) -> byId.put(client.connectionId(), client));
		ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
		pinger.scheduleAtFixedRate(() -> ProtocolClient.pingAll(clients), 10, 10, TimeUnit.SECONDS);
		List<String> ids = new ArrayList<>(byId.keySet());
		Map<String, IntFunction<HttpRequest>> sides = new LinkedHashMap<>();
		sides.put("beacon", (i) -> throughBeacon(ids.get(i % ids.size())));
		sides.put("direct", direct(ids));
		try (OpenLoop load = new OpenLoop(4)) {
			// The JIT keeps improving both sides for tens of seconds: warm them in turns
			// first, so neither round order nor a cold start favours one.
			for (int warmUp = 0; warmUp < WARM_UP_ROUNDS; warmUp++) {
				for (IntFunction<HttpRequest> side : sides.values()) {
					load.closed(side, 200, CALLERS, ROUND, Long.MAX_VALUE);
				}
			}
			Map<String, List<Double>> rates = new LinkedHashMap<>();
			Map<String, List<Double>> cpu = new LinkedHashMap<>();
			for (int round = 0; round < ROUNDS; round++) {
				for (Map.Entry<String, IntFunction<HttpRequest>> side : sides.entrySet()) {
					OpenLoop.Saturation measured = load.closed(side.getValue(), 200, CALLERS, ROUND, Long.MAX_VALUE);
					rates.computeIfAbsent(side.getKey(), (key) -> new ArrayList<>()).add(measured.rate());
					cpu.computeIfAbsent(side.getKey(), (key) -> new ArrayList<>()).add(measured.cpuMicrosPerRequest());
				}
			}
			double beacon = median(rates.get("beacon"));
			double direct = median(rates.get("direct"));
			BenchmarkResults.record(
					"Client results, " + CONNECTIONS + " clients connected (" + CALLERS + " callers, " + ROUNDS
							+ " alternating rounds of " + ROUND.toSeconds() + " s after " + WARM_UP_ROUNDS
							+ " warm-up rounds)",
					"%.0f/s through Beacon's API %s, %.0f us CPU each (the whole process)".formatted(beacon,
							rounded(rates.get("beacon")), median(cpu.get("beacon"))),
					"%.0f/s the local service's :invoke directly %s, %.0f us CPU each".formatted(direct,
							rounded(rates.get("direct")), median(cpu.get("direct"))),
					"%.2f".formatted(beacon / direct),
					"throughput >= 0.8x: " + BenchmarkResults.met(beacon / direct >= 0.8) + "; load "
							+ BenchmarkResults.loadAverage());
			int half = (int) (beacon / 2);
			OpenLoop.Result latency = load.run(sides.get("beacon"), 200, half, Duration.ofSeconds(10));
			BenchmarkResults.record("Client results, open loop at half of saturation (" + half + "/s, 10 s)",
					"p50 %.2f ms, p99 %.2f ms, max %.2f ms".formatted(latency.p50(), latency.p99(),
							latency.maxMillis()),
					"", "", "p99 < 20 ms: " + BenchmarkResults.met(latency.p99() < 20) + " (" + latency + ")");
		}
		finally {
			pinger.shutdownNow();
			clients.forEach(ProtocolClient::close);
		}
	}

	/** Answers an invocation with its first argument, the connection's own id. */
	private static void answer(Map<String, ProtocolClient> clients, String message) {
		JsonNode invocation = JsonMapper.shared().readTree(message);
		String id = invocation.path("invocationId").asString(null);
		ProtocolClient client = clients.get(invocation.path("arguments").path(0).asString(""));
		if (id != null && client != null) {
			client.send("{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":{\"echo\":\"" + client.connectionId()
					+ "\"}}");
		}
	}

	private HttpRequest throughBeacon(String connectionId) {
		return HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/hubs/notifications/connections/"
					+ connectionId + "/invoke?timeout=10s"))
			.header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(body(connectionId)))
			.build();
	}

	/**
	 * The local service's own operation, each connection's request signed once up front
	 * (Beacon's client caches its tokens per audience too).
	 */
	private IntFunction<HttpRequest> direct(List<String> ids) {
		Map<String, HttpRequest> requests = new ConcurrentHashMap<>();
		for (String id : ids) {
			String target = "/api/hubs/notifications/connections/" + id + "/:invoke?api-version=2024-12-01";
			String token = this.tokens.issue(new AccessKey(LOCAL_KEY), "http://127.0.0.1" + target, Duration.ofHours(1),
					Map.of());
			requests.put(id,
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/local" + target))
						.header("Content-Type", "application/json")
						.header("Authorization", "Bearer " + token)
						.POST(HttpRequest.BodyPublishers.ofString(body(id)))
						.build());
		}
		return (i) -> requests.get(ids.get(i % ids.size()));
	}

	private static String body(String connectionId) {
		return "{\"target\":\"echo\",\"arguments\":[\"" + connectionId + "\"]}";
	}

	private static List<Long> rounded(List<Double> values) {
		return values.stream().map(Math::round).toList();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

}
