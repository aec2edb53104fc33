package dev.beacon.messages;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OfficialClients.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OData filters end to end in local mode: each one sent as a filtered message and as a
 * {@code SendMessage} command through Beacon's API, to a fixed population of official
 * Java clients, reaches exactly the connections it selects (once each); each malformed
 * one is a 400 naming the column and the problem, and reaches nobody. After every case an
 * end marker is broadcast and awaited on every client, so absence is proven, not assumed.
 * Group and close commands: {@link FilterCommandsEndToEndTests}.
 */
@BeaconTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterTableEndToEndTests {

	private static final AtomicInteger cases = new AtomicInteger();

	@LocalServerPort
	int port;

	private BeaconHttp http;

	private OfficialClients clients;

	/**
	 * By name: a1 and a2 are alice's two connections (a1 in ops and eu), b is bob (ops),
	 * c is carol (admins through her user), q is {@code user'1}, d is Dave-Admin (eu), n1
	 * (eu) and n2 are anonymous.
	 */
	private final Map<String, Client> population = new LinkedHashMap<>();

	@BeforeAll
	void connectThePopulation() {
		this.http = new BeaconHttp(this.port);
		this.clients = new OfficialClients(this.port);
		Map<String, String> users = new LinkedHashMap<>();
		users.put("a1", "alice");
		users.put("a2", "alice");
		users.put("b", "bob");
		users.put("c", "carol");
		users.put("q", "user'1");
		users.put("d", "Dave-Admin");
		users.put("n1", null);
		users.put("n2", null);
		users.forEach((name, user) -> this.population.put(name, this.clients.connect(user)));
		join("ops", "a1");
		join("eu", "a1");
		join("ops", "b");
		join("eu", "d");
		join("eu", "n1");
		api("PUT", "/api/hubs/notifications/groups/admins/users/carol");
	}

	@AfterAll
	void stopThePopulation() {
		this.clients.close();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			true                                                          | a1 a2 b c q d n1 n2
			false                                                         | -
			userId eq 'nobody'                                            | -
			userId eq 'alice'                                             | a1 a2
			userId ne 'alice'                                             | b c q d n1 n2
			userId gt 'b'                                                 | b c q
			userId ge 'carol'                                             | c q
			userId lt 'bob'                                               | a1 a2 d
			userId le 'alice'                                             | a1 a2 d
			userId eq null                                                | n1 n2
			userId ne null                                                | a1 a2 b c q d
			userId eq 'user''1'                                           | q
			userId in ('bob', 'carol')                                    | b c
			userId in ('alice', null)                                     | a1 a2 n1 n2
			connectionId eq '{b}'                                         | b
			connectionId in ('{a2}', '{n2}')                              | a2 n2
			connectionId ne '{a1}' and userId eq 'alice'                  | a2
			'ops' in groups                                               | a1 b
			'admins' in groups                                            | c
			'ops' in groups or 'admins' in groups                         | a1 b c
			'eu' in groups and userId eq null                             | n1
			not ('ops' in groups)                                         | a2 c q d n1 n2
			'eu' in groups and not (userId eq null)                       | a1 d
			userId eq 'bob' or 'eu' in groups and userId eq 'alice'       | a1 b
			(userId eq 'bob' or 'eu' in groups) and userId ne null        | a1 b d
			UserId EQ 'bob' Or CONNECTIONID eq '{n1}'                     | b n1
			startswith(userId, 'Dave-')                                   | d
			not startswith(userId, 'a')                                   | b c q d n1 n2
			endswith(userId, 'ol')                                        | c
			contains(userId, 'li')                                        | a1 a2
			tolower(userId) eq 'dave-admin'                               | d
			toupper(userId) eq 'BOB'                                      | b
			trim(concat(' ', userId)) eq 'carol'                          | c
			concat(userId, '!') eq 'bob!'                                 | b
			substring(userId, 0, 3) eq 'ali'                              | a1 a2
			indexof(userId, 'o') eq 1                                     | b
			length(userId) eq 3                                           | b
			length(userId) gt 3 and length(userId) lt 6                   | a1 a2 c
			length(groups) ge 2                                           | a1
			length(groups) eq 0                                           | a2 q n2
			""")
	void aFilteredMessageAndCommandReachExactlyTheConnectionsSelected(String filter, String expected) {
		int n = cases.incrementAndGet();
		String text = fill(filter);

		HttpResponse<String> message = post("/api/hubs/notifications/messages",
				Map.of("target", OfficialClients.TARGET, "arguments", List.of("message-" + n), "filter", text));
		HttpResponse<String> command = post("/api/hubs/notifications/commands",
				Map.of("filter", text, "commands", List.of(Map.of("type", "SendMessage", "message",
						Map.of("target", "hello", "arguments", List.of("command-" + n))))));
		endOfCase(n);

		assertThat(message.statusCode()).as(message.body()).isEqualTo(202);
		assertThat(command.statusCode()).as(command.body()).isEqualTo(202);
		assertThat(receivers("message-" + n)).as("message").isEqualTo(expected);
		assertThat(receivers("command-" + n)).as("command").isEqualTo(expected);

	}

	@ParameterizedTest(name = "[{0}] at {1}: {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					(userId eq 'a'                            | 15 | expected ')' but found end of filter
					userId eq 'a')                            | 14 | expected 'and', 'or' or an operator
					userId eq 'abc                            | 15 | unterminated string starting at 11
					userId eq "a"                             | 11 | strings are written in single quotes
					user eq 'a'                               | 1  | unknown identifier 'user'; did you mean 'userId'?
					'ops' in group                            | 10 | unknown identifier 'group'; did you mean 'groups'?
					lower(userId) eq 'a'                      | 1  | unknown function 'lower'; did you mean 'tolower'?
					tolower eq 'a'                            | 9  | expected '(' after 'tolower'
					userId('a') eq 'a'                        | 1  | 'userId' is not a function
					length(userId, 'a') eq 1                  | 1  | 'length' takes 1 argument, not 2
					substring(userId, 'a') eq 'b'             | 19 | 'substring' needs an integer as its 2nd argument
					contains(groups, 'a')                     | 10 | 'contains' needs a string as its 1st argument
					userId in ()                              | 12 | 'in' needs at least one value in its list
					userId in ('a', 1)                        | 17 | 'in' cannot compare a string with an integer
					userId in userId                          | 11 | expected a parenthesised list or 'groups' after 'in'
					1 in groups                               | 1  | 'in groups' needs a string on its left
					groups eq 'ops'                           | 1  | 'groups' is a collection
					userId eq 'a' and                         | 18 | expected an identifier, a literal, '(' or 'not'
					userId eq 'a' xor userId eq 'b'           | 15 | but found 'xor'
					not length(userId) gt 5                   | 5  | 'not' binds tighter than 'gt'
					userId                                    | 1  | the filter must be a condition (true or false), not a string
					userId eq 1                               | 8  | 'eq' cannot compare a string with an integer
					true gt false                             | 6  | 'gt' orders strings and integers, not conditions
					userId eq 99999999999999999999            | 11 | does not fit in a 64-bit integer
					userId ** 'a'                             | 8  | unexpected character '*'
					userId eq '😀' and x                      | 19 | unknown identifier 'x'
					(((((((((((((((((((((true)))))))))))))))))))))   | 21 | the filter nests deeper than 20 levels
					""")
	void aMalformedFilterIsRefusedOnBothEndpointsNamingWhereAndWhat(String filter, int column, String problem) {
		int n = cases.incrementAndGet();

		HttpResponse<String> message = post("/api/hubs/notifications/messages",
				Map.of("target", OfficialClients.TARGET, "arguments", List.of("refused-" + n), "filter", filter));
		HttpResponse<String> command = post("/api/hubs/notifications/commands",
				Map.of("filter", filter, "commands", List.of(Map.of("type", "SendMessage", "message",
						Map.of("target", "hello", "arguments", List.of("refused-" + n))))));
		endOfCase(n);

		for (HttpResponse<String> response : List.of(message, command)) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(BeaconHttp.json(response).path("detail").asString()).startsWith("filter: at " + column + ", ")
				.contains(problem);
		}
		assertThat(receivers("refused-" + n)).isEqualTo("-");
	}

	/** A filter's {@code {name}} placeholders replaced by those connections' IDs. */
	private String fill(String filter) {
		String text = filter;
		for (Map.Entry<String, Client> entry : this.population.entrySet()) {
			text = text.replace("{" + entry.getKey() + "}", entry.getValue().id());
		}
		return text;
	}

	/**
	 * Broadcasts an end marker and waits until every client has it: a client without a
	 * case's message by then never gets it.
	 */
	private void endOfCase(int n) {
		String marker = "end-" + n;
		assertThat(post("/api/hubs/notifications/messages",
				Map.of("target", OfficialClients.TARGET, "arguments", List.of(marker)))
			.statusCode()).isEqualTo(202);
		await("every client got " + marker).atMost(Duration.ofSeconds(10))
			.until(() -> this.population.values().stream().allMatch((client) -> client.received().contains(marker)));
	}

	/** Who got the argument, in population order; a name twice if it got it twice. */
	private String receivers(String argument) {
		List<String> names = new ArrayList<>();
		this.population.forEach((name, client) -> {
			for (long i = 0; i < client.count(argument); i++) {
				names.add(name);
			}
		});
		return names.isEmpty() ? "-" : names.stream().collect(Collectors.joining(" "));
	}

	private HttpResponse<String> post(String path, Map<String, Object> body) {
		return this.http.postJson(path, JsonMapper.shared().writeValueAsString(body), API_KEY);
	}

	private void join(String group, String name) {
		api("PUT", "/api/hubs/notifications/groups/" + group + "/connections/" + this.population.get(name).id());
	}

	private void api(String method, String path) {
		HttpResponse<String> response = this.http.call(method, path, API_KEY);
		assertThat(response.statusCode()).as(response.body()).isLessThan(300);
	}

}
