package dev.beacon.upstream;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.ProtocolClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Client-to-server calls through the local service's upstream, signed with the local key,
 * into Beacon's receiver and back, with the official Java client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.upstream.join-group-pattern=ops|dev",
				"beacon.upstream.broadcast-enabled=true", "beacon.upstream.max-broadcast-length=20000",
				"beacon.status.broadcast-interval=0" })
@Import(UpstreamEndToEndTests.Events.class)
class UpstreamEndToEndTests {

	@LocalServerPort
	int port;

	@Test
	void joinGroupThenGroupMessageReachesOnlyThatClient() throws Exception {
		BlockingQueue<String> joinerInbox = new LinkedBlockingQueue<>();
		BlockingQueue<String> otherInbox = new LinkedBlockingQueue<>();
		HubConnection joiner = connect(joinerInbox);
		HubConnection other = connect(otherInbox);
		try {
			joiner.invoke("joinGroup", "ops").blockingAwait(10, TimeUnit.SECONDS);
			new BeaconHttp(this.port).postJson("/api/hubs/notifications/messages",
					"{\"target\":\"hello\",\"arguments\":[\"ops only\"],\"groupName\":\"ops\"}", API_KEY);

			assertThat(joinerInbox.poll(10, TimeUnit.SECONDS)).isEqualTo("ops only");
			assertThat(otherInbox.poll(500, TimeUnit.MILLISECONDS)).isNull();
		}
		finally {
			joiner.stop().blockingAwait(5, TimeUnit.SECONDS);
			other.stop().blockingAwait(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void refusedGroupAndUnknownMethodFailWithTheErrorText() {
		HubConnection connection = connect(new LinkedBlockingQueue<>());
		try {
			Throwable refused = catchThrowable(
					() -> connection.invoke("joinGroup", "admins").blockingAwait(10, TimeUnit.SECONDS));
			Throwable unknown = catchThrowable(() -> connection.invoke(String.class, "noSuchMethod").blockingGet());

			assertThat(refused).hasMessageContaining("group 'admins' is not allowed");
			assertThat(unknown).hasMessageContaining("Method does not exist.");
		}
		finally {
			connection.stop().blockingAwait(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void broadcastReachesEveryoneAsNewMessage() throws Exception {
		BlockingQueue<Map> inbox = new LinkedBlockingQueue<>();
		HubConnection sender = connect(new LinkedBlockingQueue<>());
		HubConnection listener = HubConnectionBuilder.create("http://localhost:" + this.port + "/api").build();
		listener.on("newMessage", inbox::add, Map.class);
		listener.start().blockingAwait(10, TimeUnit.SECONDS);
		try {
			sender.invoke("broadcast", "hello everyone").blockingAwait(10, TimeUnit.SECONDS);

			Map message = inbox.poll(10, TimeUnit.SECONDS);
			assertThat(message).containsEntry("text", "hello everyone")
				.containsEntry("connectionId", sender.getConnectionId());
		}
		finally {
			sender.stop().blockingAwait(5, TimeUnit.SECONDS);
			listener.stop().blockingAwait(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * Tomcat hands the local service a client message in parts of its receive buffers'
	 * size (2 KiB): a message of many parts, with characters of two to four bytes falling
	 * across their edges, arrives whole, sent as binary frames (the Java client) or text
	 * (a raw client).
	 */
	@Test
	void aClientMessageLongerThanTheReceiveBuffersArrivesWhole() throws Exception {
		String text = "Beacon é € 😀 ".repeat(1000);
		BlockingQueue<Map> inbox = new LinkedBlockingQueue<>();
		HubConnection sender = connect(new LinkedBlockingQueue<>());
		HubConnection listener = HubConnectionBuilder.create("http://localhost:" + this.port + "/api").build();
		listener.on("newMessage", inbox::add, Map.class);
		listener.start().blockingAwait(10, TimeUnit.SECONDS);
		ProtocolClient raw = ProtocolClient.connect(HttpClient.newHttpClient(), "http://localhost:" + this.port,
				(message) -> {
				});
		try {
			sender.invoke("broadcast", text).blockingAwait(10, TimeUnit.SECONDS);
			assertThat(inbox.poll(10, TimeUnit.SECONDS)).containsEntry("text", text);

			raw.send("{\"type\":1,\"target\":\"broadcast\",\"arguments\":[\"" + text + "\"]}");
			assertThat(inbox.poll(10, TimeUnit.SECONDS)).containsEntry("text", text)
				.containsEntry("connectionId", raw.connectionId());
		}
		finally {
			raw.close();
			sender.stop().blockingAwait(5, TimeUnit.SECONDS);
			listener.stop().blockingAwait(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void connectAndDisconnectArePublishedAsEvents() {
		HubConnection connection = connect(new LinkedBlockingQueue<>());
		String id = connection.getConnectionId();
		connection.stop().blockingAwait(5, TimeUnit.SECONDS);

		await("the connection's events").atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(Events.received).contains(new ClientConnectedEvent("notifications", id, null),
							new ClientDisconnectedEvent("notifications", id, null, null)));
	}

	private HubConnection connect(BlockingQueue<String> inbox) {
		HubConnection connection = HubConnectionBuilder.create("http://localhost:" + this.port + "/api").build();
		connection.on("hello", inbox::add, String.class);
		connection.start().blockingAwait(10, TimeUnit.SECONDS);
		return connection;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		static final List<Object> received = new CopyOnWriteArrayList<>();

		@EventListener
		void connected(ClientConnectedEvent event) {
			received.add(event);
		}

		@EventListener
		void disconnected(ClientDisconnectedEvent event) {
			received.add(event);
		}

	}

}
