package dev.beacon.presence;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.microsoft.signalr.HubConnection;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.ProtocolClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence in local mode with the official Java client: three users (Easy Auth
 * identities) and an anonymous client connect; the counts, users and groups match; a
 * client that stops and one killed without closing leave within seconds of the service
 * noticing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.negotiate.user-id-source=easy-auth",
				"beacon.status.broadcast-interval=0", "beacon.local.client-timeout=2s",
				"beacon.local.keep-alive-interval=1s", "beacon.presence.group-reconcile-interval=200ms" })
class PresenceEndToEndTests {

	static final String PRESENCE = "/api/hubs/notifications/presence";

	@LocalServerPort
	int port;

	private BeaconHttp http;

	@AutoClose
	private OfficialClients clients;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
		this.clients = new OfficialClients(this.port);
	}

	@Test
	void countsUsersAndGroupsMatchWhoIsConnectedAndLeaversLeave() throws Exception {
		HubConnection alice1 = connect("alice");
		connect("alice");
		HubConnection bob = connect("bob");
		HubConnection carol = connect("carol");
		connect(null);

		JsonNode counts = awaitMatch(PRESENCE, (json) -> json.path("connections").asInt() == 5);
		assertThat(counts.path("users").asInt()).isEqualTo(3);
		assertThat(counts.path("anonymousConnections").asInt()).isEqualTo(1);

		JsonNode firstPage = get(PRESENCE + "/users?limit=2");
		assertThat(firstPage.path("users").toString())
			.isEqualTo("[{\"userId\":\"alice\",\"connections\":2},{\"userId\":\"bob\",\"connections\":1}]");
		JsonNode secondPage = get(PRESENCE + "/users?limit=2&cursor=" + firstPage.path("nextCursor").asString());
		assertThat(secondPage.path("users").toString()).isEqualTo("[{\"userId\":\"carol\",\"connections\":1}]");
		assertThat(secondPage.path("nextCursor").isNull()).isTrue();
		JsonNode alice = get(PRESENCE + "/users/alice");
		assertThat(alice.path("connections")).hasSize(2);
		assertThat(alice.path("connections").toString()).contains(alice1.getConnectionId());

		put("/api/hubs/notifications/groups/ops/connections/" + bob.getConnectionId());
		put("/api/hubs/notifications/groups/ops/users/carol");
		JsonNode ops = get(PRESENCE + "/groups/ops");
		assertThat(ops.path("users").toString()).isEqualTo("[\"bob\",\"carol\"]");
		assertThat(ops.path("connections").toString()).contains(bob.getConnectionId(), carol.getConnectionId());

		assertThat(this.http.get(PRESENCE + "/count").body()).isEqualTo("{\"connections\":5}");
		assertThat(this.http.get(PRESENCE).statusCode()).isEqualTo(401);

		bob.stop().blockingAwait(5, TimeUnit.SECONDS);
		JsonNode afterBob = awaitMatch(PRESENCE, (json) -> json.path("connections").asInt() == 4);
		assertThat(afterBob.path("users").asInt()).isEqualTo(2);
		assertThat(get(PRESENCE + "/groups/ops").path("users").toString()).isEqualTo("[\"carol\"]");
	}

	@Test
	void aClientKilledWithoutClosingLeavesAfterTheClientTimeout() throws Exception {
		// The other tests' clients were closed, but presence may still be hearing them
		// leave: counting from a moment they were still there would never match
		int before = awaitMatch(PRESENCE, (json) -> json.path("connections").asInt() == 0).path("connections").asInt();
		// A raw client that sends nothing after its handshake: to the service it is a
		// client whose process died with the socket still open.
		ProtocolClient silent = ProtocolClient.connect(HttpClient.newHttpClient(), "http://127.0.0.1:" + this.port,
				(invocation) -> {
				});
		// Alive (pinging) until presence has it, however slow the machine; then it dies.
		awaitMatch(PRESENCE, (json) -> {
			silent.ping();
			return json.path("connections").asInt() == before + 1;
		});

		long started = System.nanoTime();
		awaitMatch(PRESENCE, (json) -> json.path("connections").asInt() == before);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
		assertThat(silent.closedByServer()).isTrue();
	}

	@Test
	void groupChangesPresenceMissedAreCorrectedFromTheServicesListWhenTheGroupIsRead() throws Exception {
		HubConnection dave = connect("dave");
		HubConnection erin = connect("erin");
		awaitMatch(PRESENCE, (json) -> json.path("connections").asInt() >= 2);
		String group = PRESENCE + "/groups/night-shift";
		assertThat(get(group).path("connections")).isEmpty();

		// A filtered JoinGroup goes straight to the service: presence hears nothing of
		// it.
		command("{\"filter\":\"userId eq 'dave' or userId eq 'erin'\","
				+ "\"commands\":[{\"type\":\"JoinGroup\",\"group\":\"night-shift\"}]}");
		JsonNode joined = awaitMatch(group, (json) -> json.path("connections").size() == 2);
		assertThat(joined.path("users").toString()).isEqualTo("[\"dave\",\"erin\"]");

		command("{\"filter\":\"userId eq 'erin'\",\"commands\":[{\"type\":\"LeaveGroup\",\"group\":\"night-shift\"}]}");
		JsonNode left = awaitMatch(group, (json) -> json.path("connections").size() == 1);
		assertThat(left.path("connections").get(0).asString()).isEqualTo(dave.getConnectionId());
		assertThat(left.path("connections").toString()).doesNotContain(erin.getConnectionId());
	}

	private void command(String body) {
		assertThat(this.http.postJson("/api/hubs/notifications/commands", body, API_KEY).statusCode()).isEqualTo(202);
	}

	private HubConnection connect(String user) {
		return this.clients.start(this.clients.builder(user).withKeepAliveInterval(500).build());
	}

	private JsonNode get(String path) {
		HttpResponse<String> response = this.http.send(this.http.request(path).header("X-API-Key", API_KEY).GET());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return BeaconHttp.json(response);
	}

	private void put(String path) {
		assertThat(this.http.call("PUT", path, API_KEY).statusCode()).as(path).isEqualTo(200);
	}

	private JsonNode awaitMatch(String path, Predicate<JsonNode> condition) {
		return await(path).atMost(Duration.ofSeconds(10)).until(() -> get(path), condition);
	}

}
