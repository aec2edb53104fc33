package dev.beacon.messages;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OfficialClients.Client;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JoinGroup, LeaveGroup and CloseConnection commands with a filter, through Beacon's
 * {@code /commands} in local mode, judged by what official Java clients then receive and
 * whether they were closed. Same application as {@link FilterTableEndToEndTests}.
 */
@BeaconTest
class FilterCommandsEndToEndTests {

	private static final AtomicInteger markers = new AtomicInteger();

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
	void joinGroupAndLeaveGroupChangeTheGroupsOfExactlyTheConnectionsSelected() {
		Client first = this.clients.connect("joiner-1");
		Client second = this.clients.connect("joiner-2");
		Client bystander = this.clients.connect("bystander");
		Client anonymous = this.clients.connect(null);
		List<Client> everyone = List.of(first, second, bystander, anonymous);

		execute("startswith(userId, 'joiner-')", Map.of("type", "JoinGroup", "group", "joined"));
		execute("userId eq null", Map.of("type", "JoinGroup", "group", "nameless"));
		toGroup("joined", "after join");
		toGroup("nameless", "to the nameless");
		execute("userId eq 'joiner-2'", Map.of("type", "LeaveGroup", "group", "joined"));
		toGroup("joined", "after leave");
		execute("'joined' in groups", send("filtered after leave"));
		endMarker(everyone);

		assertThat(first.received()).containsExactly("after join", "after leave", "filtered after leave", lastMarker());
		assertThat(second.received()).containsExactly("after join", lastMarker());
		assertThat(bystander.received()).containsExactly(lastMarker());
		assertThat(anonymous.received()).containsExactly("to the nameless", lastMarker());
	}

	@Test
	void commandsRunInOrderOnTheConnectionsSelectedOnce() {
		Client first = this.clients.connect("batch-1");
		Client second = this.clients.connect("batch-2");
		Client bystander = this.clients.connect("bystander");

		// After JoinGroup the filter no longer holds for them; the send still reaches
		// them.
		execute("startswith(userId, 'batch-') and not ('batch' in groups)",
				Map.of("type", "JoinGroup", "group", "batch"), send("selected once"));
		toGroup("batch", "in the batch");
		endMarker(List.of(first, second, bystander));

		assertThat(first.received()).containsExactly("selected once", "in the batch", lastMarker());
		assertThat(second.received()).containsExactly("selected once", "in the batch", lastMarker());
		assertThat(bystander.received()).containsExactly(lastMarker());
	}

	@Test
	void closeConnectionClosesExactlyTheConnectionsSelected() throws Exception {
		Client first = this.clients.connect("closer");
		Client second = this.clients.connect("closer");
		Client stayer = this.clients.connect("stayer");
		Client anonymous = this.clients.connect(null);

		execute("userId eq 'closer'", Map.of("type", "CloseConnection", "reason", "closed by filter"));

		assertThat(first.closed().get(10, TimeUnit.SECONDS)).hasMessageContaining("closed by filter");
		assertThat(second.closed().get(10, TimeUnit.SECONDS)).hasMessageContaining("closed by filter");
		endMarker(List.of(stayer, anonymous));
		assertThat(stayer.closed()).isNotDone();
		assertThat(anonymous.closed()).isNotDone();
		await("the closed user's connections gone").atMost(Duration.ofSeconds(10))
			.until(() -> this.http.call("GET", "/api/hubs/notifications/users/closer", API_KEY)
				.body()
				.equals("{\"exists\":false}"));
	}

	@Test
	void commandsWhoseFilterMatchesNobodyAreAcceptedAndChangeNothing() {
		Client quiet = this.clients.connect("quiet");

		execute("userId eq 'nobody'", Map.of("type", "CloseConnection"));
		execute("false", Map.of("type", "JoinGroup", "group", "ghosts"), send("to nobody"));
		toGroup("ghosts", "ghostly");
		endMarker(List.of(quiet));

		assertThat(quiet.received()).containsExactly(lastMarker());
		assertThat(quiet.closed()).isNotDone();
	}

	private static Map<String, Object> send(String argument) {
		return Map.of("type", "SendMessage", "message",
				Map.of("target", OfficialClients.TARGET, "arguments", List.of(argument)));
	}

	@SafeVarargs
	private void execute(String filter, Map<String, Object>... commands) {
		HttpResponse<String> response = post("/api/hubs/notifications/commands",
				Map.of("filter", filter, "commands", List.of(commands)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	private void toGroup(String group, String argument) {
		HttpResponse<String> response = post("/api/hubs/notifications/messages",
				Map.of("target", OfficialClients.TARGET, "arguments", List.of(argument), "groupName", group));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	/**
	 * Broadcasts a marker and waits until the clients have it: what they lack, they never
	 * get.
	 */
	private void endMarker(List<Client> clients) {
		String marker = "end-" + markers.incrementAndGet();
		assertThat(post("/api/hubs/notifications/messages",
				Map.of("target", OfficialClients.TARGET, "arguments", List.of(marker)))
			.statusCode()).isEqualTo(202);
		await("every client got " + marker).atMost(Duration.ofSeconds(10))
			.until(() -> clients.stream().allMatch((client) -> client.received().contains(marker)));
	}

	private static String lastMarker() {
		return "end-" + markers.get();
	}

	private HttpResponse<String> post(String path, Map<String, Object> body) {
		return this.http.postJson(path, JsonMapper.shared().writeValueAsString(body), API_KEY);
	}

}
