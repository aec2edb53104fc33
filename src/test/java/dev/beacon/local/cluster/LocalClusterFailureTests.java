package dev.beacon.local.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconProcess;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three Beacon processes in local mode on one {@code redis-server}; one is killed with
 * {@code kill -9} while its clients are connected and in a group: the survivors notice
 * within seconds, take its connections out of existence checks, group listings and
 * presence, and every operation works again for the clients that remain.
 */
class LocalClusterFailureTests {

	private RedisServer redis;

	private final List<BeaconProcess> replicas = new ArrayList<>();

	private final List<HubConnection> connections = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		this.connections.forEach((connection) -> connection.stop().blockingAwait(2, TimeUnit.SECONDS));
		for (BeaconProcess replica : this.replicas) {
			replica.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void aKilledReplicasConnectionsLeaveWithinSecondsAndTheOthersKeepWorking() throws Exception {
		this.redis = RedisServer.start();
		List<BeaconProcess> started = start("failure-a", "failure-b", "failure-c");
		BeaconProcess a = started.get(0);
		BeaconProcess b = started.get(1);
		BeaconProcess c = started.get(2);
		BlockingQueue<String> carol = new LinkedBlockingQueue<>();
		HubConnection carolConnection = connect(c, "carol", carol);
		// Ids kept now: a client's id is gone once its connection is
		String doomed = connect(b, "bob", new LinkedBlockingQueue<>()).getConnectionId();
		String doomedToo = connect(b, null, new LinkedBlockingQueue<>()).getConnectionId();
		call(a, "PUT", "/api/hubs/notifications/groups/ops/connections/" + doomed);
		call(a, "PUT", "/api/hubs/notifications/groups/ops/connections/" + carolConnection.getConnectionId());
		await().atMost(Duration.ofSeconds(10)).until(() -> presence(a).path("connections").asInt() == 3);

		b.kill();

		long killed = System.nanoTime();
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> call(a, "GET", "/api/hubs/notifications/connections/" + doomed).body()
				.equals("{\"exists\":false}"));
		long noticedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
		assertThat(noticedMillis).as("noticed within a few seconds").isLessThan(10_000);
		assertThat(call(c, "GET", "/api/hubs/notifications/connections/" + doomedToo).body())
			.isEqualTo("{\"exists\":false}");
		assertThat(call(c, "GET", "/api/hubs/notifications/users/bob").body()).isEqualTo("{\"exists\":false}");
		String members = call(a, "GET", "/api/hubs/notifications/groups/ops/connections").body();
		assertThat(members).contains(carolConnection.getConnectionId()).doesNotContain(doomed);
		await().atMost(Duration.ofSeconds(10)).until(() -> presence(c).path("connections").asInt() == 1);

		publish(a, "{\"target\":\"hello\",\"arguments\":[\"to-ops\"],\"groupName\":\"ops\"}");
		publish(c, "{\"target\":\"hello\",\"arguments\":[\"to-all\"]}");
		assertThat(carol.poll(10, TimeUnit.SECONDS)).isEqualTo("to-ops");
		assertThat(carol.poll(10, TimeUnit.SECONDS)).isEqualTo("to-all");
		BlockingQueue<String> newcomer = new LinkedBlockingQueue<>();
		connect(a, "bob", newcomer);
		publish(c, "{\"target\":\"hello\",\"arguments\":[\"to-bob\"],\"userId\":\"bob\"}");
		assertThat(newcomer.poll(10, TimeUnit.SECONDS)).isEqualTo("to-bob");
	}

	@Test
	void aFrozenReplicaIsSweptAndWhenItRunsOnItClosesTheConnectionsTheOthersReportedGone() throws Exception {
		this.redis = RedisServer.start();
		List<BeaconProcess> started = start("frozen-a", "frozen-b");
		BeaconProcess a = started.get(0);
		BeaconProcess b = started.get(1);
		HubConnection fay = connect(b, "fay", new LinkedBlockingQueue<>());
		BlockingQueue<String> closes = new LinkedBlockingQueue<>();
		fay.onClosed((ex) -> closes.add(String.valueOf(ex)));
		String id = fay.getConnectionId();
		await().atMost(Duration.ofSeconds(10)).until(() -> presence(a).path("connections").asInt() == 1);

		b.freeze();
		try {
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> presence(a).path("connections").asInt() == 0);
			assertThat(call(a, "GET", "/api/hubs/notifications/connections/" + id).body())
				.isEqualTo("{\"exists\":false}");
		}
		finally {
			b.thaw();
		}

		// The upstream heard fay's connection ended, and an ended id never returns: b
		// closes it, and fay connects again as a new connection
		assertThat(closes.poll(15, TimeUnit.SECONDS)).contains("cut off from the others");
		assertThat(call(a, "GET", "/api/hubs/notifications/connections/" + id).body()).isEqualTo("{\"exists\":false}");
		BlockingQueue<String> again = new LinkedBlockingQueue<>();
		connect(b, "fay", again);
		await().atMost(Duration.ofSeconds(10)).until(() -> presence(a).path("connections").asInt() == 1);
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"welcome back\"],\"userId\":\"fay\"}");
		assertThat(again.poll(10, TimeUnit.SECONDS)).isEqualTo("welcome back");
	}

	@Test
	void whileRedisIsDownSendsAreRefusedFastAndWhenItReturnsTheClusterWorksAgain() throws Exception {
		this.redis = RedisServer.start();
		List<BeaconProcess> replicas = start("outage-a", "outage-b");
		BeaconProcess a = replicas.get(0);
		BeaconProcess b = replicas.get(1);
		BlockingQueue<String> onB = new LinkedBlockingQueue<>();
		HubConnection client = connect(b, "olga", onB);
		String id = client.getConnectionId();
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"before\"],\"userId\":\"olga\"}");
		assertThat(onB.poll(10, TimeUnit.SECONDS)).isEqualTo("before");

		this.redis.kill();

		long started = System.nanoTime();
		var refused = a.http()
			.postJson("/api/hubs/notifications/messages", "{\"target\":\"hello\",\"arguments\":[\"lost\"]}", API_KEY);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5000);
		assertThat(a.http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		// A new client is refused (its token cannot be recorded as taken), and the
		// connected one stays
		assertThatThrownBy(() -> connect(a, "nils", new LinkedBlockingQueue<>())).isInstanceOf(RuntimeException.class);
		assertThat(client.getConnectionState()).isEqualTo(com.microsoft.signalr.HubConnectionState.CONNECTED);

		this.redis.restart();

		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
			var sent = a.http()
				.postJson("/api/hubs/notifications/messages",
						"{\"target\":\"hello\",\"arguments\":[\"after\"],\"userId\":\"olga\"}", API_KEY);
			return sent.statusCode() == 202 && "after".equals(onB.poll(500, TimeUnit.MILLISECONDS));
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> call(a, "GET", "/api/hubs/notifications/connections/" + id).body()
				.equals("{\"exists\":true}"));
		assertThat(client.getConnectionState()).isEqualTo(com.microsoft.signalr.HubConnectionState.CONNECTED);
	}

	@Test
	void aReplicaShuttingDownTakesNoNewClientsAndSpreadsItsClosesOverTheDrainWindow() throws Exception {
		this.redis = RedisServer.start();
		SequencedMap<String, List<String>> replicas = new LinkedHashMap<>();
		replicas.put("drain-a", settings());
		replicas.put("drain-b", settings("--beacon.local.drain-window=2s"));
		List<BeaconProcess> started = startTogether(replicas);
		BeaconProcess a = started.get(0);
		BeaconProcess b = started.get(1);
		List<Long> closedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
		for (int i = 0; i < 4; i++) {
			connect(b, "user-" + i, new LinkedBlockingQueue<>()).onClosed((ex) -> closedAt.add(System.nanoTime()));
		}
		String token = BeaconHttp.json(b.http().negotiate()).path("accessToken").asString();

		Thread stopping = Thread.ofVirtual().start(() -> {
			try {
				b.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> b.http()
				.send(b.http()
					.request("/local/client/negotiate?hub=notifications&negotiateVersion=1")
					.header("Authorization", "Bearer " + token)
					.POST(java.net.http.HttpRequest.BodyPublishers.noBody()))
				.statusCode() == 503);
		await().atMost(Duration.ofSeconds(10)).until(() -> closedAt.size() == 4);
		stopping.join(Duration.ofSeconds(30));
		long spreadMillis = TimeUnit.NANOSECONDS
			.toMillis(closedAt.stream().mapToLong(Long::longValue).max().orElseThrow()
					- closedAt.stream().mapToLong(Long::longValue).min().orElseThrow());
		assertThat(spreadMillis).as("closes spread over the 2 s window").isBetween(1000L, 4000L);
		BlockingQueue<String> moved = new LinkedBlockingQueue<>();
		connect(a, "user-0", moved);
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"still here\"],\"userId\":\"user-0\"}");
		assertThat(moved.poll(10, TimeUnit.SECONDS)).isEqualTo("still here");
	}

	/** Replicas with the same settings, started together. */
	private List<BeaconProcess> start(String... names) throws Exception {
		SequencedMap<String, List<String>> replicas = new LinkedHashMap<>();
		for (String name : names) {
			replicas.put(name, settings());
		}
		return startTogether(replicas);
	}

	private List<BeaconProcess> startTogether(SequencedMap<String, List<String>> replicas) throws Exception {
		List<BeaconProcess> started = BeaconProcess.startTogether(replicas);
		this.replicas.addAll(started);
		return started;
	}

	private List<String> settings(String... more) {
		List<String> settings = new ArrayList<>(
				List.of("--beacon.store.type=redis", "--spring.data.redis.url=" + this.redis.url(),
						"--beacon.api.keys=" + API_KEY, "--beacon.local.access-key=" + LOCAL_ACCESS_KEY,
						"--beacon.negotiate.user-id-source=easy-auth", "--beacon.status.broadcast-interval=0"));
		settings.addAll(List.of(more));
		return settings;
	}

	private HubConnection connect(BeaconProcess replica, String user, BlockingQueue<String> received) {
		var builder = HubConnectionBuilder.create(replica.url() + "/api");
		if (user != null) {
			builder.withHeader("X-MS-CLIENT-PRINCIPAL-ID", user);
		}
		HubConnection connection = builder.build();
		connection.on("hello", received::add, String.class);
		connection.start().blockingAwait(15, TimeUnit.SECONDS);
		this.connections.add(connection);
		return connection;
	}

	private static tools.jackson.databind.JsonNode presence(BeaconProcess replica) {
		return BeaconHttp.json(call(replica, "GET", "/api/hubs/notifications/presence"));
	}

	private static void publish(BeaconProcess replica, String json) {
		var response = replica.http().postJson("/api/hubs/notifications/messages", json, API_KEY);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	private static java.net.http.HttpResponse<String> call(BeaconProcess replica, String method, String path) {
		var response = replica.http().call(method, path, API_KEY);
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
		return response;
	}

}
