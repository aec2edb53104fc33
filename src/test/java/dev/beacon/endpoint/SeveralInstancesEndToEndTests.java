package dev.beacon.endpoint;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import dev.beacon.BeaconApplication;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.ReceivedMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several SignalR Service instances end to end with the official Java client: two Beacons
 * in local mode act as instances {@code a} and {@code b}, their upstream pointed at a
 * third Beacon in Azure mode that has both as endpoints. Clients negotiate through the
 * front and land on both; one broadcast reaches each of them once; once {@code a} stops,
 * the front takes it offline, new clients land on {@code b} and broadcasts reach them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesEndToEndTests {

	static final String KEY_A = "INSTANCEAINSTANCEAINSTANCEAINSTANCEA12345678";

	static final String KEY_B = "INSTANCEBINSTANCEBINSTANCEBINSTANCEB12345678";

	static final String MESSAGES = "/api/hubs/notifications/messages";

	static final String PRESENCE = "/api/hubs/notifications/presence";

	static final Duration WAIT = Duration.ofSeconds(10);

	static ConfigurableApplicationContext instanceA;

	static ConfigurableApplicationContext instanceB;

	static ConfigurableApplicationContext front;

	static final List<Client> clients = new ArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		// The instances post upstream events to the front, so its port is chosen first.
		int frontPort = freePort();
		String upstream = "http://127.0.0.1:" + frontPort + "/runtime/webhooks/signalr";
		instanceA = instance("instance-a", KEY_A, upstream);
		instanceB = instance("instance-b", KEY_B, upstream);
		front = new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=" + frontPort,
				"--spring.application.name=front", "--beacon.signalr.endpoints[0].name=a",
				"--beacon.signalr.endpoints[0].connection-string=" + connectionString(instanceA, KEY_A),
				"--beacon.signalr.endpoints[1].name=b",
				"--beacon.signalr.endpoints[1].connection-string=" + connectionString(instanceB, KEY_B),
				"--beacon.signalr.health-check-interval=1s", "--beacon.api.keys=" + API_KEY,
				"--beacon.status.broadcast-interval=0", "--logging.level.root=WARN");
	}

	@AfterAll
	static void stop() {
		clients.forEach((client) -> client.connection().stop().blockingAwait(5, TimeUnit.SECONDS));
		// The instances first: their clients' disconnected events still reach the front.
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { instanceA, instanceB,
				front }) {
			if (context != null && context.isActive()) {
				context.close();
			}
		}
	}

	/**
	 * A Beacon in local mode: its embedded service, at {@code /local}, is one instance.
	 */
	static ConfigurableApplicationContext instance(String name, String accessKey, String upstream) {
		return new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0",
				"--spring.application.name=" + name, "--beacon.local.access-key=" + accessKey,
				"--beacon.local.upstream.url-template=" + upstream, "--beacon.api.keys=" + API_KEY,
				"--beacon.status.broadcast-interval=0", "--logging.level.root=WARN");
	}

	/**
	 * The instance as an Azure endpoint: the host for token audiences, and the embedded
	 * service's path for clients and REST calls, as a gateway routing by path would have
	 * it.
	 */
	static String connectionString(ConfigurableApplicationContext instance, String accessKey) {
		String origin = "http://127.0.0.1:" + port(instance);
		return "Endpoint=" + origin + ";ClientEndpoint=" + origin + "/local;ServerEndpoint=" + origin
				+ "/local;AccessKey=" + accessKey + ";Version=1.0;";
	}

	@Test
	@Order(1)
	void clientsNegotiateThroughTheFrontAndLandOnBothInstances() {
		// Negotiate chooses at random: connect until both instances have clients.
		while (clients.size() < 8 || on(instanceA).isEmpty() || on(instanceB).isEmpty()) {
			assertThat(clients).as("clients before both instances had one").hasSizeLessThan(32);
			connect();
		}

		assertThat(on(instanceA).size() + on(instanceB).size()).isEqualTo(clients.size());
		// Both instances' upstream events pass the front's signature check, each with its
		// own key.
		awaitPresence(clients.size());
	}

	@Test
	@Order(2)
	void oneBroadcastReachesEveryClientOnBothInstancesOnce() throws InterruptedException {
		assertThat(broadcast("one").statusCode()).isEqualTo(202);
		assertThat(broadcast("two").statusCode()).isEqualTo(202);

		for (Client client : clients) {
			assertThat(client.until("two")).containsExactly("one", "two");
		}
	}

	@Test
	@Order(3)
	void afterAnInstanceStopsNewClientsLandOnTheOtherAndBroadcastsReachThem() throws Exception {
		List<Client> onA = on(instanceA);
		List<Client> onB = on(instanceB);
		instanceA.close();
		for (Client client : onA) {
			assertThat(client.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasMessageContaining("shutting down");
		}

		assertTakenByBAlone(broadcast("after-a"));
		ServiceEndpointProvider endpoints = front.getBean(ServiceEndpointProvider.class);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(endpoints.online()).extracting(ServiceEndpoint::name).containsExactly("b"));

		List<Client> later = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			later.add(connect());
		}
		assertThat(on(instanceB, later)).hasSize(later.size());
		assertThat(broadcast("after-b").statusCode()).isEqualTo(202);

		for (Client client : onB) {
			assertThat(client.until("after-b")).containsExactly("after-a", "after-b");
		}
		for (Client client : later) {
			assertThat(client.until("after-b")).containsExactly("after-b");
		}
		// a said goodbye for its clients before it stopped.
		awaitPresence(onB.size() + later.size());
	}

	/**
	 * Until the front knows a is gone, a send may still try it: 502 naming who took it
	 * (docs/azure.md's partial failure); once a health check has taken a offline, 202.
	 */
	private static void assertTakenByBAlone(HttpResponse<String> response) {
		if (response.statusCode() != 202) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
			JsonNode problem = BeaconHttp.json(response);
			assertThat(problem.path("accepted").toString()).isEqualTo("[\"b\"]");
			assertThat(problem.path("failed").propertyNames()).containsExactly("a");
		}
	}

	private static Client connect() {
		HubConnection connection = HubConnectionBuilder.create("http://127.0.0.1:" + port(front) + "/api").build();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		connection.on("hello", received::add, String.class);
		CompletableFuture<Exception> closed = new CompletableFuture<>();
		connection.onClosed(closed::complete);
		Client client = new Client(connection, received, closed);
		clients.add(client);
		assertThat(connection.start().blockingAwait(WAIT.toSeconds(), TimeUnit.SECONDS)).as("connected").isTrue();
		return client;
	}

	private static HttpResponse<String> broadcast(String text) {
		return http(front).postJson(MESSAGES, "{\"target\":\"hello\",\"arguments\":[\"" + text + "\"]}", API_KEY);
	}

	private static void awaitPresence(int connections) {
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					BeaconHttp.json(http(front).call("GET", PRESENCE, API_KEY)).path("connections").asInt())
				.isEqualTo(connections));
	}

	/** The clients an instance has, as its own Beacon's REST API tells. */
	private static List<Client> on(ConfigurableApplicationContext instance) {
		return on(instance, clients);
	}

	private static List<Client> on(ConfigurableApplicationContext instance, List<Client> candidates) {
		BeaconHttp http = http(instance);
		return candidates.stream()
			.filter((client) -> BeaconHttp
				.json(http.call("GET", "/api/hubs/notifications/connections/" + client.id(), API_KEY))
				.path("exists")
				.asBoolean())
			.toList();
	}

	private static BeaconHttp http(ConfigurableApplicationContext context) {
		return new BeaconHttp(port(context));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	record Client(HubConnection connection, BlockingQueue<String> received, CompletableFuture<Exception> closed) {

		String id() {
			return this.connection.getConnectionId();
		}

		List<String> until(String last) throws InterruptedException {
			return ReceivedMessages.until(this.received, last, WAIT);
		}

	}

}
