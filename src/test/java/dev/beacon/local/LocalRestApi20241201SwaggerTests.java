package dev.beacon.local;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OfficialClients.Client;
import dev.beacon.support.ProtocolClient;
import dev.beacon.support.SwaggerValidation;
import dev.beacon.token.AccessTokenIssuer;
import io.reactivex.rxjava3.core.Single;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every operation of the 2024-12-01 Swagger against the local service, request and answer
 * validated against Microsoft's file, each doing what it says to live clients: official
 * Java clients (through Beacon's negotiate, as Easy Auth users or anonymous) and, for
 * streams, a raw hub-protocol client that opened a stream with an id of the test's
 * choosing on a hub method that holds it open.
 */
@BeaconTest
@Import(HeldStreams.class)
class LocalRestApi20241201SwaggerTests {

	static final String SEND = "{\"target\":\"hello\",\"arguments\":[\"sent\"]}";

	static final String EXECUTE = "[{\"type\":\"SendMessage\",\"message\":{\"target\":\"hello\",\"arguments\":[\"executed\"]}}]";

	private static final AtomicInteger rows = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	@Autowired
	HeldStreams streams;

	private SignedLocalRest rest;

	private OfficialClients clients;

	private final List<ProtocolClient> rawClients = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	/** What an operation needs before it is called. */
	enum Need {

		/** Nothing: hub {@code chat}, where nobody is connected. */
		NOTHING,
		/**
		 * A client of user {@code {user}} on {@code notifications}, answering
		 * {@code confirm}.
		 */
		CLIENT,
		/** That client and an anonymous one, both in {@code {group}}. */
		GROUP,
		/** That client, its user added to {@code {group}}. */
		USER_GROUP,
		/** A raw client with stream {@code {streamId}} open. */
		STREAM

	}

	@FunctionalInterface
	interface Check {

		void verify(Live live, HttpResponse<String> response) throws Exception;

	}

	/**
	 * One row: the Swagger's method and path, the rest of the query (unencoded) and body,
	 * with {@code {user}}, {@code {group}}, {@code {connectionId}} and {@code {streamId}}
	 * filled in from what the row needs.
	 */
	record Operation(String method, String path, String query, @Nullable String body, int status, Need need,
			Check check) {

		String key() {
			return this.method + " " + this.path;
		}

		@Override
		public String toString() {
			return key() + " -> " + this.status;
		}

	}

	static List<Operation> operations() {
		Check none = (live, response) -> {
		};
		return List.of(new Operation("GET", "/api/auth/accessKey", "", null, 200, Need.NOTHING, (live, response) -> {
			assertThat(json(response).path("AccessKey").asString()).isEqualTo(LOCAL_ACCESS_KEY);
			assertThat(json(response).path("KeyId").asString()).isNotEmpty();
		}), new Operation("HEAD", "/api/health", "", null, 200, Need.NOTHING, none),
				new Operation("POST", "/api/hubs/{hub}/:closeConnections", "reason=all done", null, 204, Need.CLIENT,
						(live, response) -> assertClosed(live.client(), "all done")),
				new Operation("POST", "/api/hubs/{hub}/:execute", "filter=connectionId eq '{connectionId}'", EXECUTE,
						202, Need.GROUP, (live, response) -> assertOnlyTheClientGot(live, "executed")),
				new Operation("POST", "/api/hubs/{hub}/:generateToken", "userId={user}&minutesToExpire=5", null, 200,
						Need.NOTHING,
						(live, response) -> assertThat(json(response).path("token").asString().split("\\."))
							.hasSize(3)),
				new Operation("POST", "/api/hubs/{hub}/:send", "", SEND, 202, Need.CLIENT,
						(live, response) -> assertReceived(live.client(), "sent")),
				new Operation("DELETE", "/api/hubs/{hub}/connections/{connectionId}", "reason=bye", null, 200,
						Need.CLIENT, (live, response) -> assertClosed(live.client(), "bye")),
				new Operation("HEAD", "/api/hubs/{hub}/connections/{connectionId}", "", null, 200, Need.CLIENT, none),
				new Operation("POST", "/api/hubs/{hub}/connections/{connectionId}/:invoke", "",
						"{\"target\":\"confirm\",\"arguments\":[\"x\"]}", 200, Need.CLIENT,
						(live, response) -> assertThat(json(response).path("result").asString()).isEqualTo("yes: x")),
				new Operation("POST", "/api/hubs/{hub}/connections/{connectionId}/:send", "", SEND, 202, Need.CLIENT,
						(live, response) -> assertReceived(live.client(), "sent")),
				new Operation("DELETE", "/api/hubs/{hub}/connections/{connectionId}/groups", "", null, 200, Need.GROUP,
						(live, response) -> assertThat(live.members()).containsExactly(live.other().id())),
				new Operation("POST", "/api/hubs/{hub}/connections/{connectionId}/streams/{streamId}/:complete",
						"reason=enough", null, 202, Need.STREAM,
						(live, response) -> assertStreamed(live, 3, "error", "enough")),
				new Operation("POST", "/api/hubs/{hub}/connections/{connectionId}/streams/{streamId}/:send", "", "42",
						202, Need.STREAM, (live, response) -> assertStreamed(live, 2, "item", "42")),
				new Operation("HEAD", "/api/hubs/{hub}/groups/{group}", "", null, 200, Need.GROUP, none),
				new Operation("POST", "/api/hubs/{hub}/groups/{group}/:closeConnections", "reason=group done", null,
						204, Need.GROUP, (live, response) -> {
							assertClosed(live.client(), "group done");
							assertClosed(live.other(), "group done");
						}),
				new Operation("POST", "/api/hubs/{hub}/groups/{group}/:send", "", SEND, 202, Need.GROUP,
						(live, response) -> {
							assertReceived(live.client(), "sent");
							assertReceived(live.other(), "sent");
						}),
				new Operation("GET", "/api/hubs/{hub}/groups/{group}/connections", "", null, 200, Need.GROUP,
						(live, response) -> assertThat(json(response).path("value").values())
							.extracting((member) -> member.path("connectionId").asString() + "/"
									+ member.path("userId").asString("anonymous"))
							.containsExactlyInAnyOrder(live.client().id() + "/" + live.user(),
									live.other().id() + "/anonymous")),
				new Operation("DELETE", "/api/hubs/{hub}/groups/{group}/connections/{connectionId}", "", null, 200,
						Need.GROUP, (live, response) -> assertThat(live.members()).containsExactly(live.other().id())),
				new Operation("PUT", "/api/hubs/{hub}/groups/{group}/connections/{connectionId}", "", null, 200,
						Need.CLIENT,
						(live, response) -> assertThat(live.members()).containsExactly(live.client().id())),
				new Operation("HEAD", "/api/hubs/{hub}/users/{user}", "", null, 200, Need.CLIENT, none),
				new Operation("POST", "/api/hubs/{hub}/users/{user}/:closeConnections", "reason=user done", null, 204,
						Need.CLIENT, (live, response) -> assertClosed(live.client(), "user done")),
				new Operation("POST", "/api/hubs/{hub}/users/{user}/:send", "", SEND, 202, Need.CLIENT,
						(live, response) -> assertReceived(live.client(), "sent")),
				new Operation("DELETE", "/api/hubs/{hub}/users/{user}/groups", "", null, 204, Need.USER_GROUP,
						(live, response) -> assertThat(live.members()).isEmpty()),
				new Operation("DELETE", "/api/hubs/{hub}/users/{user}/groups/{group}", "", null, 204, Need.USER_GROUP,
						(live, response) -> assertThat(live.members()).isEmpty()),
				new Operation("HEAD", "/api/hubs/{hub}/users/{user}/groups/{group}", "", null, 200, Need.USER_GROUP,
						none),
				new Operation("PUT", "/api/hubs/{hub}/users/{user}/groups/{group}", "ttl=60", null, 200, Need.CLIENT,
						(live, response) -> assertThat(live.members()).containsExactly(live.client().id())));
	}

	@BeforeEach
	void setUp() {
		this.rest = new SignedLocalRest(this.port, this.tokens, LOCAL_ACCESS_KEY);
		this.clients = new OfficialClients(this.port);
	}

	@AfterEach
	void tearDown() {
		this.streams.endAll();
		this.rawClients.forEach(ProtocolClient::close);
		this.clients.close();
	}

	@Test
	void theTableHasEveryOperationOfTheSwaggerAndNoOther() throws Exception {
		JsonNode swagger = JsonMapper.shared()
			.readTree(Files.readString(SwaggerValidation.DIRECTORY.resolve("v20241201.json")));
		Set<String> documented = new TreeSet<>();
		swagger.path("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.propertyNames()
				.stream()
				.filter((method) -> !method.equals("parameters"))
				.forEach((method) -> documented.add(method.toUpperCase() + " " + path.getKey())));

		assertThat(documented).hasSize(26);
		List<String> table = operations().stream().map(Operation::key).toList();
		assertThat(table).doesNotHaveDuplicates();
		assertThat(new TreeSet<>(table)).isEqualTo(documented);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operations")
	void everyOperationAnswersAsTheSwaggerDescribesAndDoesWhatItSays(Operation operation) throws Exception {
		Live live = live(operation.need());
		StringBuilder target = new StringBuilder(live.fill(operation.path())).append('?')
			.append(SignedLocalRest.VERSION);
		for (String parameter : operation.query().isEmpty() ? new String[0] : operation.query().split("&")) {
			String[] pair = parameter.split("=", 2);
			target.append('&').append(pair[0]).append('=').append(SignedLocalRest.encode(live.fill(pair[1])));
		}

		HttpResponse<String> response = this.rest.validated(operation.method(), target.toString(), operation.body());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(operation.status());
		operation.check().verify(live, response);
	}

	private Live live(Need need) throws Exception {
		int row = rows.incrementAndGet();
		String user = "user-" + row;
		String group = "group-" + row;
		String streamId = "stream-" + row;
		if (need == Need.NOTHING) {
			return new Live("chat", user, group, "c1", null, null, streamId, List.of(), this.rest);
		}
		if (need == Need.STREAM) {
			List<String> messages = new CopyOnWriteArrayList<>();
			ProtocolClient raw = ProtocolClient.connect(this.http, "http://localhost:" + this.port, (invocation) -> {
			});
			this.rawClients.add(raw);
			raw.onOtherMessages(messages::add);
			raw.send("{\"type\":4,\"invocationId\":\"" + streamId + "\",\"target\":\"held\",\"arguments\":[\""
					+ streamId + "\"]}");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.streams.isOpen(streamId));
			return new Live("notifications", user, group, raw.connectionId(), null, null, streamId, messages,
					this.rest);
		}
		Client client = this.clients.connect(user);
		client.connection().onWithResult("confirm", (String question) -> Single.just("yes: " + question), String.class);
		Client other = (need == Need.GROUP) ? this.clients.connect(null) : null;
		for (Client member : (other != null) ? List.of(client, other) : List.<Client>of()) {
			assertThat(this.rest
				.call("PUT",
						"/api/hubs/notifications/groups/" + group + "/connections/" + member.id() + "?"
								+ SignedLocalRest.VERSION,
						null)
				.statusCode()).isEqualTo(200);
		}
		if (need == Need.USER_GROUP) {
			assertThat(
					this.rest
						.call("PUT",
								"/api/hubs/notifications/users/" + user + "/groups/" + group + "?"
										+ SignedLocalRest.VERSION,
								null)
						.statusCode())
				.isEqualTo(200);
		}
		return new Live("notifications", user, group, client.id(), client, other, streamId, List.of(), this.rest);
	}

	static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

	static void assertReceived(Client client, String argument) {
		await().atMost(Duration.ofSeconds(10)).until(() -> client.received().contains(argument));
		assertThat(client.count(argument)).isOne();
	}

	/**
	 * The row's client got the message and the other member of its group did not: that
	 * one got a later message to the group, and not this one.
	 */
	static void assertOnlyTheClientGot(Live live, String argument) {
		assertReceived(live.client(), argument);
		assertThat(live.rest()
			.call("POST", "/api/hubs/" + live.hub() + "/groups/" + live.group() + "/:send?" + SignedLocalRest.VERSION,
					"{\"target\":\"hello\",\"arguments\":[\"later\"]}")
			.statusCode()).isEqualTo(202);
		assertReceived(live.other(), "later");
		assertThat(live.other().received()).doesNotContain(argument);
	}

	static void assertClosed(Client client, String reason) throws Exception {
		assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull().hasMessageContaining(reason);
	}

	/**
	 * The raw client got a message of the type for the stream, the field holding the
	 * text.
	 */
	static void assertStreamed(Live live, int type, String field, String text) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> live.streamMessages().stream().anyMatch((message) -> message.contains(live.streamId())));
		JsonNode message = live.streamMessages()
			.stream()
			.map((json) -> JsonMapper.shared().readTree(json))
			.filter((node) -> node.path("invocationId").asString("").equals(live.streamId()))
			.findFirst()
			.orElseThrow();
		assertThat(message.path("type").asInt()).isEqualTo(type);
		assertThat(message.path(field).asString()).isEqualTo(text);
	}

	/**
	 * What a row has to work with.
	 *
	 * @param hub the hub the row calls
	 * @param user the row's user
	 * @param group the row's group
	 * @param connectionId the row's connection: its client's, or one nobody has
	 * @param client the official client of {@code user}, if the row needs one
	 * @param other an anonymous official client, if the row needs a group
	 * @param streamId the stream the raw client opened, if the row needs one
	 * @param streamMessages the raw client's messages other than invocations
	 * @param rest signed calls
	 */
	record Live(String hub, String user, String group, String connectionId, @Nullable Client client,
			@Nullable Client other, String streamId, List<String> streamMessages, SignedLocalRest rest) {

		@Nullable String fill(@Nullable String text) {
			return (text != null) ? text.replace("{hub}", this.hub)
				.replace("{user}", this.user)
				.replace("{group}", this.group)
				.replace("{connectionId}", this.connectionId)
				.replace("{streamId}", this.streamId) : null;
		}

		/** The connection ids the group listing answers now. */
		List<String> members() {
			HttpResponse<String> response = this.rest.validated("GET",
					"/api/hubs/" + this.hub + "/groups/" + this.group + "/connections?" + SignedLocalRest.VERSION,
					null);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return json(response).path("value")
				.values()
				.stream()
				.map((m) -> m.path("connectionId").asString())
				.toList();
		}

	}

}
