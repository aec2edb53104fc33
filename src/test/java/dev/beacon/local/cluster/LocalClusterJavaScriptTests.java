package dev.beacon.local.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.beacon.support.BeaconProcess;
import dev.beacon.support.LoadBalancer;
import dev.beacon.support.NodeScript;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;

/**
 * Three Beacon processes in local mode on one {@code redis-server}, behind a layer-4 load
 * balancer without affinity, used by the official JavaScript client in Node
 * ({@code cluster.test.mjs}) as one SignalR service: every send family and operation made
 * on one replica for clients of the others, in JSON and MessagePack; each publisher's
 * order under concurrent load; a rolling restart the clients ride through by
 * reconnecting, losing nothing while connected. The Node side asks for each restart on a
 * small control endpoint here, so it knows which replica is going away and publishes
 * through another.
 */
class LocalClusterJavaScriptTests {

	static final int REPLICAS = 3;

	static RedisServer redis;

	static final BeaconProcess[] replicas = new BeaconProcess[REPLICAS];

	static final int[] ports = new int[REPLICAS];

	static LoadBalancer balancer;

	static HttpServer control;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		// Side by side: three JVMs starting one after another take the longest
		try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<BeaconProcess>> started = new ArrayList<>();
			for (int i = 0; i < REPLICAS; i++) {
				String name = name(i);
				started.add(starting.submit((Callable<BeaconProcess>) () -> BeaconProcess.start(name, settings())));
			}
			for (int i = 0; i < REPLICAS; i++) {
				replicas[i] = started.get(i).get();
				ports[i] = replicas[i].port();
			}
		}
		balancer = LoadBalancer.start(IntStream.of(ports).boxed().toList());
		control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		control.createContext("/replicas/", LocalClusterJavaScriptTests::restart);
		control.start();
	}

	static List<String> settings() {
		return List.of("--beacon.store.type=redis", "--spring.data.redis.url=" + redis.url(),
				"--beacon.api.keys=" + API_KEY, "--beacon.local.access-key=" + LOCAL_ACCESS_KEY,
				"--beacon.negotiate.user-id-source=easy-auth", "--beacon.status.broadcast-interval=0",
				"--beacon.local.drain-window=2s",
				// Each replica's count of its own connections tells the test where a
				// client landed
				"--management.endpoints.web.exposure.include=health,prometheus");
	}

	static String name(int index) {
		return "cluster-js-" + (char) ('a' + index);
	}

	@AfterAll
	static void stop() throws Exception {
		if (control != null) {
			// Waits for a restart under way, so no replica starts after the others stop
			control.stop(60);
		}
		if (balancer != null) {
			balancer.close();
		}
		for (BeaconProcess replica : replicas) {
			if (replica != null) {
				replica.close();
			}
		}
		if (redis != null) {
			redis.close();
		}
	}

	@TestFactory
	List<DynamicTest> officialJavaScriptClientsUseThreeReplicasBehindABalancerAsOneService() throws Exception {
		String urls = IntStream.of(ports)
			.mapToObj((port) -> "http://127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		return NodeScript.runTests("cluster.test.mjs",
				Map.of("BEACON_BALANCER_URL", balancer.url(), "BEACON_REPLICA_URLS", urls, "BEACON_API_KEY", API_KEY,
						"BEACON_ACCESS_KEY", LOCAL_ACCESS_KEY, "BEACON_CONTROL_URL",
						"http://127.0.0.1:" + control.getAddress().getPort()),
				240);
	}

	/**
	 * {@code POST /replicas/{index}/restart}: SIGTERM (the replica drains), wait for its
	 * exit, start it again on its port and wait until it is up; answers how long each
	 * took, in milliseconds.
	 */
	static void restart(HttpExchange exchange) throws IOException {
		String[] path = exchange.getRequestURI().getPath().split("/");
		int status = 200;
		String body;
		try {
			int index = Integer.parseInt(path[2]);
			long started = System.nanoTime();
			replicas[index].close();
			long stopped = System.nanoTime();
			replicas[index] = BeaconProcess.start(name(index), ports[index], settings());
			body = "{\"stopMillis\":" + (stopped - started) / 1_000_000 + ",\"startMillis\":"
					+ (System.nanoTime() - stopped) / 1_000_000 + "}";
		}
		catch (Exception ex) {
			status = 500;
			body = String.valueOf(ex);
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (var out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
