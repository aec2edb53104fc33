package dev.beacon.inbox;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The inbox with the official Java client in local mode: a user who was offline receives
 * what was sent to them on connect, once per connect, until they acknowledge it; one user
 * cannot acknowledge another's; the per-user cap drops the oldest.
 */
@BeaconTest.WithInbox
class InboxEndToEndTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	private BeaconHttp http;

	@AutoClose
	private OfficialClients clients;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
		this.clients = new OfficialClients(this.port);
	}

	@Test
	void anOfflineUserReceivesOnEachConnectUntilTheyAcknowledge() throws Exception {
		String statusId = BeaconHttp
			.json(this.http.postJson("/api/status/users/ivy", "{\"status\":\"outage\",\"message\":\"Your region\"}",
					API_KEY))
			.path("id")
			.asString();
		HttpResponse<String> sent = this.http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"orderShipped\",\"arguments\":[{\"order\":42,\"id\":\"order-42\"}],\"userId\":\"ivy\","
						+ "\"id\":\"order-42\"}",
				API_KEY);
		assertThat(sent.statusCode()).isEqualTo(202);
		assertThat(BeaconHttp.json(sent).path("id").asString()).isEqualTo("order-42");
		assertThat(inbox("ivy").path("pending").asInt()).isEqualTo(2);

		Client first = connect("ivy");
		assertThat(first.received().poll(10, TimeUnit.SECONDS)).contains(statusId);
		assertThat(first.received().poll(10, TimeUnit.SECONDS)).contains("order-42");
		assertThat(first.received().poll(1, TimeUnit.SECONDS)).as("once per connect").isNull();
		first.connection().stop().blockingAwait(5, TimeUnit.SECONDS);

		Client second = connect("ivy");
		assertThat(second.received().poll(10, TimeUnit.SECONDS)).as("again: not acknowledged").contains(statusId);
		assertThat(second.received().poll(10, TimeUnit.SECONDS)).contains("order-42");
		Integer acknowledged = second.connection()
			.invoke(Integer.class, "ack", List.of(statusId, "order-42"))
			.timeout(10, TimeUnit.SECONDS)
			.blockingGet();
		assertThat(acknowledged).isEqualTo(2);
		second.connection().stop().blockingAwait(5, TimeUnit.SECONDS);

		Client third = connect("ivy");
		assertThat(third.received().poll(2, TimeUnit.SECONDS)).as("never again after ack").isNull();
		assertThat(inbox("ivy").path("pending").asInt()).isZero();
	}

	@Test
	void oneUserCannotAcknowledgeAnothersMessage() throws Exception {
		String id = BeaconHttp.json(this.http.postJson("/api/status/users/jay", "{\"status\":\"degraded\"}", API_KEY))
			.path("id")
			.asString();
		Client kim = connect("kim");

		Integer acknowledged = kim.connection()
			.invoke(Integer.class, "ack", id)
			.timeout(10, TimeUnit.SECONDS)
			.blockingGet();

		assertThat(acknowledged).isZero();
		assertThat(inbox("jay").path("pending").asInt()).isEqualTo(1);
	}

	@Test
	void aServerWithAKeyReadsAnyUsersInboxWithoutAcknowledgingIt() {
		String id = BeaconHttp.json(this.http.postJson("/api/status/users/max", "{\"status\":\"degraded\"}", API_KEY))
			.path("id")
			.asString();

		for (int read = 0; read < 2; read++) {
			var answer = this.http.call("GET", "/api/hubs/notifications/users/max/inbox", API_KEY);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			JsonNode inbox = BeaconHttp.json(answer);
			assertThat(inbox.path("userId").asString()).isEqualTo("max");
			assertThat(inbox.path("pending").asInt()).isEqualTo(1);
			assertThat(inbox.path("messages").get(0).path("id").asString()).isEqualTo(id);
		}
		assertThat(this.http.get("/api/hubs/notifications/users/max/inbox").statusCode()).isEqualTo(401);
		assertThat(this.http.call("GET", "/api/hubs/nope/users/max/inbox", API_KEY).statusCode()).isEqualTo(404);
	}

	@Test
	void anAnonymousConnectionHasNoInboxToAcknowledge() {
		Client anonymous = connect(null);

		Throwable failure = catchThrowable(() -> anonymous.connection()
			.invoke(Integer.class, "ack", "x")
			.timeout(10, TimeUnit.SECONDS)
			.blockingGet());

		assertThat(failure).hasMessageContaining("anonymous");
		assertThat(this.http.get("/api/inbox").statusCode()).isEqualTo(401);
	}

	@Test
	void theCapPerUserDropsTheOldest() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(BeaconHttp.json(this.http.postJson("/api/status/users/lee", "{\"status\":\"s" + i + "\"}", API_KEY))
				.path("id")
				.asString());
		}

		JsonNode inbox = inbox("lee");
		assertThat(inbox.path("pending").asInt()).isEqualTo(3);
		List<String> kept = new ArrayList<>();
		inbox.path("messages").forEach((message) -> kept.add(message.path("id").asString()));
		assertThat(kept).containsExactlyElementsOf(ids.subList(2, 5));
		assertThat(this.meterRegistry.get("beacon.inbox.dropped").counter().count()).isGreaterThanOrEqualTo(2);
	}

	private JsonNode inbox(String user) {
		HttpResponse<String> response = this.http
			.send(this.http.request("/api/inbox").header("X-MS-CLIENT-PRINCIPAL-ID", user).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		return BeaconHttp.json(response);
	}

	private Client connect(String user) {
		HubConnection connection = this.clients.builder(user).build();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		connection.on("statusUpdate", (event) -> received.add(event.toString()), Map.class);
		connection.on("orderShipped", (order) -> received.add(order.toString()), Map.class);
		return new Client(this.clients.start(connection), received);
	}

	record Client(HubConnection connection, BlockingQueue<String> received) {
	}

}
