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
import dev.beacon.support.RawWebSocketClient;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconProcess;
import dev.beacon.support.ReceivedMessages;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Beacon processes in local mode on one real {@code redis-server}: one local SignalR
 * service. Official Java clients connect to either; every send family, group change,
 * close and existence check made through either replica's API reaches the clients of
 * both, exactly once and in order.
 */
class LocalClusterTests {

	static RedisServer redis;

	static BeaconProcess a;

	static BeaconProcess b;

	private final List<HubConnection> connections = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		SequencedMap<String, List<String>> replicas = new LinkedHashMap<>();
		replicas.put("cluster-a", settings());
		replicas.put("cluster-b", settings());
		List<BeaconProcess> started = BeaconProcess.startTogether(replicas);
		a = started.get(0);
		b = started.get(1);
	}

	static List<String> settings() {
		return List.of("--beacon.store.type=redis", "--spring.data.redis.url=" + redis.url(),
				"--beacon.api.keys=" + API_KEY, "--beacon.local.access-key=" + LOCAL_ACCESS_KEY,
				"--beacon.negotiate.user-id-source=easy-auth", "--beacon.status.broadcast-interval=0",
				"--beacon.local.invocation-timeout=2s", "--beacon.local.max-pending-invocations=1");
	}

	@AfterAll
	static void stop() throws Exception {
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@AfterEach
	void stopClients() {
		this.connections.forEach((connection) -> connection.stop().blockingAwait(5, TimeUnit.SECONDS));
	}

	@Test
	void everySendFamilyThroughEitherReplicaReachesTheClientsOfBothExactlyOnceInOrder() throws Exception {
		Client alice = connect(a, "alice");
		Client bob = connect(b, "bob");
		Client anonymous = connect(b, null);

		api(a, "PUT", "/api/hubs/notifications/groups/ops/connections/" + bob.id());
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"all-1\"]}");
		publish(b, "{\"target\":\"hello\",\"arguments\":[\"to-alice\"],\"userId\":\"alice\"}");
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"to-ops\"],\"groupName\":\"ops\"}");
		publish(a,
				"{\"target\":\"hello\",\"arguments\":[\"to-anonymous\"],\"connectionId\":\"" + anonymous.id() + "\"}");
		publish(b, "{\"target\":\"hello\",\"arguments\":[\"all-but-alice\"],\"excluded\":[\"" + alice.id() + "\"]}");
		api(b, "PUT", "/api/hubs/notifications/groups/night/users/alice?ttl=60");
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"to-night\"],\"groupName\":\"night\"}");
		publish(b, "{\"target\":\"hello\",\"arguments\":[\"end\"]}");

		assertThat(alice.until("end")).containsExactly("all-1", "to-alice", "to-night", "end");
		assertThat(bob.until("end")).containsExactly("all-1", "to-ops", "all-but-alice", "end");
		assertThat(anonymous.until("end")).containsExactly("all-1", "to-anonymous", "all-but-alice", "end");
	}

	/**
	 * The service's rules of group membership (found by the conformance suite), across
	 * replicas: a connection joins alone, not with its user's other connections; with
	 * {@code ttl=0} the user's current connections join and its later ones do not; of the
	 * groups a user joined without a ttl, the latest hundred are kept.
	 */
	@Test
	void groupMembershipFollowsTheServicesRulesAcrossReplicas() throws Exception {
		Client first = connect(a, "grace");
		Client second = connect(a, "grace");
		Client third = connect(b, "grace");

		api(b, "PUT", "/api/hubs/notifications/groups/solo/connections/" + first.id());
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"to-solo\"],\"groupName\":\"solo\"}");
		api(a, "PUT", "/api/hubs/notifications/groups/right-now/users/grace?ttl=0");
		Client later = connect(b, "grace");
		publish(b, "{\"target\":\"hello\",\"arguments\":[\"to-right-now\"],\"groupName\":\"right-now\"}");
		for (int group = 0; group <= 100; group++) {
			api((group % 2 == 0) ? a : b, "PUT", "/api/hubs/notifications/groups/many-" + group + "/users/grace");
		}
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"to-many-0\"],\"groupName\":\"many-0\"}");
		publish(b, "{\"target\":\"hello\",\"arguments\":[\"to-many-100\"],\"groupName\":\"many-100\"}");
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"end\"]}");

		assertThat(first.until("end")).containsExactly("to-solo", "to-right-now", "to-many-100", "end");
		assertThat(second.until("end")).containsExactly("to-right-now", "to-many-100", "end");
		assertThat(third.until("end")).containsExactly("to-right-now", "to-many-100", "end");
		assertThat(later.until("end")).containsExactly("to-many-100", "end");
	}

	@Test
	void existenceChecksAndGroupListingSeeEveryReplicasConnections() throws Exception {
		Client carol = connect(a, "carol");
		Client dave = connect(b, "dave");
		api(b, "PUT", "/api/hubs/notifications/groups/crew/connections/" + carol.id());
		api(a, "PUT", "/api/hubs/notifications/groups/crew/users/dave");

		for (BeaconProcess replica : List.of(a, b)) {
			assertThat(api(replica, "GET", "/api/hubs/notifications/users/dave").body()).isEqualTo("{\"exists\":true}");
			assertThat(api(replica, "GET", "/api/hubs/notifications/connections/" + carol.id()).body())
				.isEqualTo("{\"exists\":true}");
			assertThat(api(replica, "GET", "/api/hubs/notifications/groups/crew").body())
				.isEqualTo("{\"exists\":true}");
			String members = api(replica, "GET", "/api/hubs/notifications/groups/crew/connections").body();
			assertThat(members).contains(carol.id()).contains(dave.id());
		}
		api(a, "DELETE", "/api/hubs/notifications/connections/" + dave.id() + "?reason=bye");
		dave.closed();
		assertThat(api(a, "GET", "/api/hubs/notifications/connections/" + dave.id()).body())
			.isEqualTo("{\"exists\":false}");
	}

	@Test
	void clientResultsCommandsAndFiltersReachAConnectionOnTheOtherReplica() throws Exception {
		Client erin = connect(b, "erin");
		erin.connection()
			.onWithResult("confirm", (String question) -> io.reactivex.rxjava3.core.Single.just("yes: " + question),
					String.class);

		var result = a.http()
			.postJson("/api/hubs/notifications/connections/" + erin.id() + "/invoke?timeout=5s",
					"{\"target\":\"confirm\",\"arguments\":[\"sure?\"]}", API_KEY);
		assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
		assertThat(BeaconHttp.json(result).path("result").asString()).isEqualTo("yes: sure?");

		var joined = a.http()
			.postJson("/api/hubs/notifications/commands",
					"{\"filter\":\"userId eq 'erin'\",\"commands\":[{\"type\":\"JoinGroup\",\"group\":\"late\"}]}",
					API_KEY);
		assertThat(joined.statusCode()).as(joined.body()).isEqualTo(202);
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"to-late\"],\"groupName\":\"late\"}");
		publish(a, "{\"target\":\"hello\",\"arguments\":[\"filtered\"],\"filter\":\"'late' in groups\"}");
		publish(b, "{\"target\":\"hello\",\"arguments\":[\"end\"],\"userId\":\"erin\"}");
		assertThat(erin.until("end")).containsExactly("to-late", "filtered", "end");
		assertThat(api(a, "GET", "/api/hubs/notifications/groups/late/connections").body()).contains(erin.id());
	}

	@Test
	void aWebSocketNegotiatedOnOneReplicaConnectsToTheOtherAndATokenServesOnceOnAnyReplica() throws Exception {
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		JsonNode redirect = postJson(http, a.url() + "/api/negotiate?negotiateVersion=1", null);
		String token = redirect.path("accessToken").asString();
		RawWebSocketClient.Connected client = RawWebSocketClient.connect(a.url(), "http://127.0.0.1:" + b.port(),
				"notifications", token, true);
		String connectionId = client.connectionId();
		String id = client.connectionToken();
		BlockingQueue<String> frames = client.frames();
		java.net.http.WebSocket socket = client.socket();

		publish(a, "{\"target\":\"hello\",\"arguments\":[\"found you\"],\"connectionId\":\"" + connectionId + "\"}");
		assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("found you");
		assertThat(api(a, "GET", "/api/hubs/notifications/connections/" + connectionId).body())
			.isEqualTo("{\"exists\":true}");

		// Neither the replica that took it nor the one that negotiated it (and still
		// holds it as pending) takes the token again
		for (BeaconProcess replica : List.of(b, a)) {
			java.net.http.HttpResponse<String> again = http.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(replica.url() + "/local/client/?hub=notifications&id=" + id))
				.header("Authorization", "Bearer " + token)
				.header("Accept", "text/event-stream")
				.timeout(java.time.Duration.ofSeconds(5))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(again.statusCode()).as(replica.toString()).isEqualTo(404);
		}

		// This client never answers: the replica that owns it gives up on the call when
		// the one asking does, so the next call finds room (one pending call at most)
		for (int call = 0; call < 2; call++) {
			var invoked = a.http()
				.postJson("/api/hubs/notifications/connections/" + connectionId + "/invoke?timeout=30s",
						"{\"target\":\"confirm\",\"arguments\":[]}", API_KEY);
			assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(504);
		}
		socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
	}

	private static JsonNode postJson(java.net.http.HttpClient http, String url, String token) throws Exception {
		java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		java.net.http.HttpResponse<String> response = http.send(request.build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return tools.jackson.databind.json.JsonMapper.shared().readTree(response.body());
	}

	private Client connect(BeaconProcess replica, String user) {
		var builder = HubConnectionBuilder.create(replica.url() + "/api");
		if (user != null) {
			builder.withHeader("X-MS-CLIENT-PRINCIPAL-ID", user);
		}
		HubConnection connection = builder.build();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		connection.on("hello", received::add, String.class);
		BlockingQueue<String> closes = new LinkedBlockingQueue<>();
		connection.onClosed((ex) -> closes.add(String.valueOf(ex)));
		connection.start().blockingAwait(15, TimeUnit.SECONDS);
		this.connections.add(connection);
		return new Client(connection, received, closes);
	}

	private static void publish(BeaconProcess replica, String json) {
		var response = replica.http().postJson("/api/hubs/notifications/messages", json, API_KEY);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	private static java.net.http.HttpResponse<String> api(BeaconProcess replica, String method, String path) {
		var response = replica.http().call(method, path, API_KEY);
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
		return response;
	}

	record Client(HubConnection connection, BlockingQueue<String> received, BlockingQueue<String> closes) {

		String id() {
			return this.connection.getConnectionId();
		}

		List<String> until(String last) throws InterruptedException {
			return ReceivedMessages.until(this.received, last, Duration.ofSeconds(10));
		}

		void closed() throws InterruptedException {
			assertThat(this.closes.poll(10, TimeUnit.SECONDS)).as("closed").isNotNull();
		}

	}

}
