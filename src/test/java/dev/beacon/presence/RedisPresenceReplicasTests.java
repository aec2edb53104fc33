package dev.beacon.presence;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import dev.beacon.support.TwoReplicas;
import dev.beacon.support.UpstreamRequests;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TwoReplicas.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Beacon replicas in Azure mode on one real {@code redis-server}, each receiving part
 * of the upstream's connection events, as a load balancer spreads them: a connection's
 * {@code connected} on one and its {@code disconnected} on the other, a disconnect that
 * overtakes its connect, a duplicate. Both answer every presence question the same.
 */
class RedisPresenceReplicasTests {

	static final String PRESENCE = "/api/hubs/notifications/presence";

	static final String ODD_USER = "eve:{ops}|1";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(200);

	@RegisterExtension
	static final TwoReplicas replicas = new TwoReplicas(service, "presence", "everysec", "--beacon.signalr.hubs=chat",
			"--beacon.status.broadcast-interval=0");

	@Test
	void eventsSpreadOverBothReplicasGiveOneAnswerOnEach() {
		BeaconHttp a = http(replicas.a());
		BeaconHttp b = http(replicas.b());
		connection(a, "connected", "c1", "alice");
		connection(b, "disconnected", "c1", "alice");
		connection(a, "connected", "c2", "alice");
		connection(b, "connected", "c3", "alice");
		connection(b, "connected", "c4", "bob");
		connection(b, "connected", "c5", null);
		connection(a, "disconnected", "c6", "carol");
		connection(b, "connected", "c6", "carol");
		connection(a, "connected", "c7", "dave");
		connection(b, "connected", "c7", "dave");
		connection(b, "connected", "c8", ODD_USER);

		JsonNode counts = sameOnBoth(PRESENCE);
		assertThat(counts.path("connections").asLong()).isEqualTo(6);
		assertThat(counts.path("users").asLong()).isEqualTo(4);
		assertThat(counts.path("anonymousConnections").asLong()).isEqualTo(1);
		assertThat(sameOnBoth(PRESENCE + "/count").path("connections").asLong()).isEqualTo(6);

		JsonNode users = sameOnBoth(PRESENCE + "/users");
		assertThat(users.path("users").toString()).isEqualTo("[{\"userId\":\"alice\",\"connections\":2},"
				+ "{\"userId\":\"bob\",\"connections\":1},{\"userId\":\"dave\",\"connections\":1},"
				+ "{\"userId\":\"eve:{ops}|1\",\"connections\":1}]");
		assertThat(users.path("nextCursor").isNull()).isTrue();
		JsonNode firstPage = sameOnBoth(PRESENCE + "/users?limit=2");
		assertThat(firstPage.path("nextCursor").asString()).isEqualTo("bob");
		JsonNode secondPage = sameOnBoth(PRESENCE + "/users?limit=2&cursor=bob");
		assertThat(userIds(secondPage)).containsExactly("dave", ODD_USER);

		JsonNode alice = sameOnBoth(PRESENCE + "/users/alice");
		List<String> aliceConnections = new ArrayList<>();
		List<Instant> connectedAt = new ArrayList<>();
		alice.path("connections").forEach((connection) -> {
			aliceConnections.add(connection.path("connectionId").asString());
			connectedAt.add(Instant.parse(connection.path("connectedAt").asString()));
		});
		assertThat(aliceConnections).containsExactlyInAnyOrder("c2", "c3");
		assertThat(connectedAt).isSorted();
		assertThat(sameOnBoth(PRESENCE + "/users/carol").path("connections")).isEmpty();
		JsonNode odd = sameOnBoth(PRESENCE + "/users/" + URLEncoder.encode(ODD_USER, StandardCharsets.UTF_8));
		assertThat(odd.path("userId").asString()).isEqualTo(ODD_USER);
		assertThat(odd.path("connections").get(0).path("connectionId").asString()).isEqualTo("c8");
	}

	@Test
	void groupChangesMadeThroughOneReplicaShowOnTheOther() {
		BeaconHttp a = http(replicas.a());
		BeaconHttp b = http(replicas.b());
		connection(a, "chat", "connected", "g1", "alice");
		connection(b, "chat", "connected", "g2", "bob");
		connection(a, "chat", "connected", "g3", "bob");

		assertThat(a.call("PUT", "/api/hubs/chat/groups/ops/connections/g1", API_KEY).statusCode()).isEqualTo(200);
		assertThat(b.call("PUT", "/api/hubs/chat/groups/ops/users/bob", API_KEY).statusCode()).isEqualTo(200);
		JsonNode group = sameOnBoth("/api/hubs/chat/presence/groups/ops");
		assertThat(group.path("connections").toString()).isEqualTo("[\"g1\",\"g2\",\"g3\"]");
		assertThat(group.path("users").toString()).isEqualTo("[\"alice\",\"bob\"]");

		connection(b, "chat", "disconnected", "g1", "alice");
		assertThat(a.call("DELETE", "/api/hubs/chat/groups/ops/users/bob", API_KEY).statusCode()).isEqualTo(200);
		assertThat(sameOnBoth("/api/hubs/chat/presence/groups/ops").path("connections")).isEmpty();
	}

	private static List<String> userIds(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.path("users").forEach((user) -> ids.add(user.path("userId").asString()));
		return ids;
	}

	/** Asks both replicas and requires the same JSON from each. */
	private static JsonNode sameOnBoth(String path) {
		HttpResponse<String> fromA = http(replicas.a()).call("GET", path, API_KEY);
		HttpResponse<String> fromB = http(replicas.b()).call("GET", path, API_KEY);
		assertThat(fromA.statusCode()).as(path).isEqualTo(200);
		assertThat(fromB.statusCode()).as(path).isEqualTo(200);
		assertThat(fromB.body()).as(path).isEqualTo(fromA.body());
		return BeaconHttp.json(fromA);
	}

	/**
	 * What SignalR Service posts upstream for a connection event, signed with its key.
	 */
	private static void connection(BeaconHttp replica, String event, String connectionId, @Nullable String userId) {
		connection(replica, "notifications", event, connectionId, userId);
	}

	private static void connection(BeaconHttp replica, String hub, String event, String connectionId,
			@Nullable String userId) {
		assertThat(UpstreamRequests.connectionEvent(replica, TestKeys.ACCESS_KEY, hub, event, connectionId, userId)
			.statusCode()).as(event + " " + connectionId).isEqualTo(200);
	}

}
