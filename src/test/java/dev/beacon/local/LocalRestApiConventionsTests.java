package dev.beacon.local;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OfficialClients.Client;
import dev.beacon.support.SwaggerValidation;
import dev.beacon.token.AccessTokenIssuer;
import dev.beacon.credential.AccessKey;
import io.reactivex.rxjava3.core.Single;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

import static dev.beacon.local.LocalRestApi20241201SwaggerTests.assertReceived;
import static dev.beacon.local.LocalRestApi20241201SwaggerTests.json;
import static dev.beacon.local.SignedLocalRest.VERSION;
import static dev.beacon.local.SignedLocalRest.encode;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Microsoft SDK relies on beyond the Swagger (PROTOCOL.md §3.6 and §9): a 404
 * that says why in {@code x-ms-error-code}, JSON and query names in any case, an absolute
 * {@code nextLink}, {@code AccessKey} and {@code KeyId} in Pascal case, and a
 * {@code :generateToken} token the local client endpoint takes, as the user it names.
 * Same settings as {@link LocalRestApi20241201SwaggerTests}, so the same application.
 */
@BeaconTest
@Import(HeldStreams.class)
class LocalRestApiConventionsTests {

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	private SignedLocalRest rest;

	@AutoClose
	private OfficialClients clients;

	@BeforeEach
	void setUp() {
		this.rest = new SignedLocalRest(this.port, this.tokens, LOCAL_ACCESS_KEY);
		this.clients = new OfficialClients(this.port);
	}

	/**
	 * Validated against the Swagger where it describes the exchange: not the GETs the SDK
	 * also sends (the Swagger has HEAD only), nor the DELETE, whose body-less 404
	 * 2022-06-01 declares and 2024-12-01 no longer does (leaving only the ErrorDetail of
	 * {@code default}); the service answers it as 2022-06-01 declares, and the SDK reads
	 * only the header.
	 */
	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			HEAD   | /api/hubs/chat/connections/nobody                      | Warning.Connection.NotExisted | true
			GET    | /api/hubs/chat/connections/nobody                      | Warning.Connection.NotExisted | false
			HEAD   | /api/hubs/chat/users/nobody                            | Warning.User.NotExisted       | true
			GET    | /api/hubs/chat/users/nobody                            | Warning.User.NotExisted       | false
			HEAD   | /api/hubs/chat/groups/empty                            | Warning.Group.NotExisted      | true
			GET    | /api/hubs/chat/groups/empty                            | Warning.Group.NotExisted      | false
			HEAD   | /api/hubs/chat/users/nobody/groups/empty               | Info.User.NotInGroup          | true
			GET    | /api/hubs/chat/users/nobody/groups/empty               | Info.User.NotInGroup          | false
			PUT    | /api/hubs/chat/groups/ops/connections/nobody           | Error.Connection.NotExisted   | true
			DELETE | /api/hubs/chat/groups/ops/connections/nobody           | Warning.Connection.NotExisted | false
			POST   | /api/hubs/chat/connections/nobody/:invoke              | Error.Connection.NotExisted   | true
			POST   | /api/hubs/chat/connections/nobody/streams/s1/:send     | Error.Stream.NotExisted       | true
			POST   | /api/hubs/chat/connections/nobody/streams/s1/:complete | Error.Stream.NotExisted       | true
			""")
	void everyNotFoundSaysWhyInXMsErrorCode(String method, String path, String code, boolean validated) {
		String body = path.endsWith(":invoke") ? "{\"target\":\"confirm\"}" : path.endsWith(":send") ? "1" : null;
		String target = path + "?" + VERSION;
		HttpResponse<String> response = validated ? this.rest.validated(method, target, body)
				: this.rest.call(method, target, body);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
		assertThat(response.headers().firstValue("x-ms-error-code")).hasValue(code);
		if (!response.body().isEmpty()) {
			assertThat(json(response).path("code").asString()).isEqualTo(code);
		}
	}

	@Test
	void aRequestLineLongerThanTheServiceReadsIsRefusedWith414AsTheServiceDoes() {
		String user = SignedLocalRest.encode("€".repeat(1000));
		HttpResponse<String> response = this.rest.call("POST", "/api/hubs/chat/users/" + user + "/:send?" + VERSION,
				"{\"target\":\"hello\",\"arguments\":[]}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(414);
		assertThat(json(response).path("detail").asString()).contains("at most 8192");
	}

	@Test
	void aStreamTheConnectionDidNotOpenIsNotFoundWithItsCode() {
		Client client = this.clients.connect("streamless");

		HttpResponse<String> response = this.rest.validated("POST",
				"/api/hubs/notifications/connections/" + client.id() + "/streams/never-opened/:send?" + VERSION, "1");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("x-ms-error-code")).hasValue("Error.Stream.NotExisted");
	}

	@ParameterizedTest(name = "filter=\"{0}\"")
	@ValueSource(strings = { "", " ", "%20%20" })
	void aBlankFilterIsRefusedRatherThanTakenAsEveryConnection(String filter) {
		Client client = this.clients.connect("bystander");

		HttpResponse<String> executed = this.rest.call("POST",
				"/api/hubs/notifications/:execute?" + VERSION + "&filter=" + filter.replace(" ", "%20"),
				"[{\"type\":\"SendMessage\",\"message\":{\"target\":\"hello\",\"arguments\":[\"to all?\"]}}]");

		assertThat(executed.statusCode()).as(executed.body()).isEqualTo(400);
		assertThat(executed.body()).contains("the filter is empty");
		HttpResponse<String> sent = this.rest.call("POST",
				"/api/hubs/notifications/connections/" + client.id() + "/:send?" + VERSION,
				"{\"target\":\"hello\",\"arguments\":[\"only this\"]}");
		assertThat(sent.statusCode()).isEqualTo(202);
		assertReceived(client, "only this");
		assertThat(client.received()).doesNotContain("to all?");
	}

	/**
	 * The Swagger's {@code ttl}: "If ttl = 0, only the current connected connections of
	 * the target user will be added to the target group".
	 */
	@Test
	void aUserAddedWithTtlZeroJoinsWithItsCurrentConnectionsOnly() {
		Client current = this.clients.connect("zero");
		HttpResponse<String> added = this.rest.validated("PUT",
				"/api/hubs/notifications/users/zero/groups/right-now?" + VERSION + "&ttl=0", null);
		Client later = this.clients.connect("zero");

		HttpResponse<String> sent = this.rest.call("POST", "/api/hubs/notifications/groups/right-now/:send?" + VERSION,
				"{\"target\":\"hello\",\"arguments\":[\"to the group\"]}");
		this.rest.call("POST", "/api/hubs/notifications/connections/" + later.id() + "/:send?" + VERSION,
				"{\"target\":\"hello\",\"arguments\":[\"later\"]}");

		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
		assertReceived(current, "to the group");
		assertReceived(later, "later");
		assertThat(later.received()).doesNotContain("to the group");
	}

	/**
	 * The Swagger's {@code ttl} is an int32 of seconds: a larger one is refused, never a
	 * 500 from the expiry's arithmetic.
	 */
	@Test
	void aTtlBeyondTheSwaggersInt32IsABadRequestNamingTheBound() {
		String user = "/api/hubs/notifications/users/forever/groups/eternal?" + VERSION;

		HttpResponse<String> longest = this.rest.call("PUT", user + "&ttl=9223372036854775807", null);
		HttpResponse<String> justOver = this.rest.call("PUT", user + "&ttl=2147483648", null);
		HttpResponse<String> largest = this.rest.call("PUT", user + "&ttl=2147483647", null);

		for (HttpResponse<String> refused : List.of(longest, justOver)) {
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
			assertThat(json(refused).path("detail").asString()).contains("ttl").contains("2147483647");
		}
		assertThat(largest.statusCode()).as(largest.body()).isEqualTo(200);
	}

	@Test
	void jsonNamesMatchInAnyCase() {
		Client client = this.clients.connect("pascal");
		client.connection().onWithResult("confirm", (String question) -> Single.just("yes: " + question), String.class);
		String connection = "/api/hubs/notifications/connections/" + client.id();

		HttpResponse<String> sent = this.rest.call("POST", connection + "/:send?" + VERSION,
				"{\"Target\":\"hello\",\"Arguments\":[\"as .NET writes it\"]}");
		HttpResponse<String> invoked = this.rest.call("POST", connection + "/:invoke?" + VERSION,
				"{\"TARGET\":\"confirm\",\"ARGUMENTS\":[\"shouting\"]}");
		HttpResponse<String> executed = this.rest.call("POST",
				"/api/hubs/notifications/:execute?" + VERSION + "&filter=" + encode("userId eq 'pascal'"),
				"[{\"Type\":\"SendMessage\",\"Message\":{\"Target\":\"hello\",\"Arguments\":[\"commanded\"]}}]");

		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
		assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
		assertThat(json(invoked).path("result").asString()).isEqualTo("yes: shouting");
		assertThat(executed.statusCode()).as(executed.body()).isEqualTo(202);
		assertReceived(client, "as .NET writes it");
		assertReceived(client, "commanded");
	}

	@Test
	void queryNamesMatchInAnyCase() {
		List<Client> members = inGroup("cased", 2);

		JsonNode page = json(this.rest.call("GET",
				"/api/hubs/notifications/groups/cased/connections?" + VERSION + "&maxPageSize=1", null));
		JsonNode top = json(
				this.rest.call("GET", "/api/hubs/notifications/groups/cased/connections?" + VERSION + "&TOP=1", null));
		HttpResponse<String> token = this.rest.call("POST",
				"/api/hubs/notifications/:generateToken?" + VERSION + "&UserId=cased-user&MinutesToExpire=2", null);
		HttpResponse<String> executed = this.rest.call("POST",
				"/api/hubs/notifications/:execute?" + VERSION + "&FILTER="
						+ encode("connectionId eq '" + members.getFirst().id() + "'"),
				"[{\"type\":\"SendMessage\",\"message\":{\"target\":\"hello\",\"arguments\":[\"filtered\"]}}]");

		assertThat(page.path("value").size()).isOne();
		assertThat(page.path("nextLink").asString()).contains("maxpagesize=1");
		assertThat(top.path("value").size()).isOne();
		assertThat(top.has("nextLink")).isFalse();
		JsonNode claims = claims(json(token).path("token").asString());
		assertThat(claims.path("nameid").asString()).isEqualTo("cased-user");
		assertThat(claims.path("exp").asLong() - Instant.now().getEpochSecond()).isBetween(60L, 120L);
		assertThat(executed.statusCode()).as(executed.body()).isEqualTo(202);
		assertReceived(members.getFirst(), "filtered");
		assertThat(members.getLast().received()).doesNotContain("filtered");
	}

	@Test
	void nextLinkIsAbsoluteAndKeepsTheVersionTopAndPageSize() {
		List<String> ids = inGroup("paged", 3).stream().map(Client::id).sorted().toList();

		HttpResponse<String> first = this.rest.validated("GET",
				"/api/hubs/notifications/groups/paged/connections?" + VERSION + "&maxpagesize=1&top=2", null);
		URI next = URI.create(json(first).path("nextLink").asString());
		HttpResponse<String> second = follow(next);

		assertThat(next.isAbsolute()).isTrue();
		assertThat(next.toString()).startsWith("http://localhost:" + this.port + "/local/api/hubs/");
		assertThat(next.getRawQuery()).contains(VERSION, "top=2", "maxpagesize=1", "continuationToken=");
		assertThat(memberIds(first)).containsExactly(ids.get(0));
		assertThat(memberIds(second)).containsExactly(ids.get(1));
		assertThat(json(second).has("nextLink")).as("top reached").isFalse();
		List<String> walked = new ArrayList<>();
		HttpResponse<String> page = this.rest.validated("GET",
				"/api/hubs/notifications/groups/paged/connections?" + VERSION + "&maxpagesize=2", null);
		walked.addAll(memberIds(page));
		while (json(page).has("nextLink")) {
			page = follow(URI.create(json(page).path("nextLink").asString()));
			walked.addAll(memberIds(page));
		}
		assertThat(walked).isEqualTo(ids);
	}

	@Test
	void accessKeyIsAnsweredInPascalCase() {
		for (String path : List.of("/api/auth/accessKey?" + VERSION, "/api/v1/auth/accessKey")) {
			HttpResponse<String> response = this.rest.call("GET", path, null);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).propertyNames()).containsExactlyInAnyOrder("AccessKey", "KeyId");
			assertThat(json(response).path("AccessKey").asString()).isEqualTo(LOCAL_ACCESS_KEY);
		}
	}

	@Test
	void aGeneratedTokenConnectsTheOfficialClientToTheLocalEndpoint() {
		Client client = this.clients.connectWithToken(generatedToken(""));

		HttpResponse<String> exists = this.rest.validated("HEAD",
				"/api/hubs/notifications/connections/" + client.id() + "?" + VERSION, null);
		this.rest.call("POST", "/api/hubs/notifications/connections/" + client.id() + "/:send?" + VERSION,
				"{\"target\":\"hello\",\"arguments\":[\"welcome\"]}");

		assertThat(exists.statusCode()).isEqualTo(200);
		assertReceived(client, "welcome");
	}

	@Test
	void aGeneratedTokenWithAUserIdConnectsAsThatUser() {
		Client client = this.clients.connectWithToken(generatedToken("&userId=" + encode("generated user")));

		HttpResponse<String> sent = this.rest.validated("POST",
				"/api/hubs/notifications/users/generated%20user/:send?" + VERSION,
				"{\"target\":\"hello\",\"arguments\":[\"to the user\"]}");

		assertThat(sent.statusCode()).isEqualTo(202);
		assertReceived(client, "to the user");
		assertThat(
				this.rest.call("HEAD", "/api/hubs/notifications/users/generated%20user?" + VERSION, null).statusCode())
			.isEqualTo(200);
	}

	@Test
	void aGeneratedTokenLivesTheMinutesAskedWithinTheDocumentedBounds() {
		HttpResponse<String> zero = this.rest.call("POST",
				"/api/hubs/notifications/:generateToken?" + VERSION + "&minutesToExpire=0", null);
		JsonNode byDefault = claims(generatedToken(""));

		assertThat(zero.statusCode()).isEqualTo(400);
		assertThat(json(zero).path("detail").asString()).contains("minutesToExpire");
		assertThat(byDefault.path("exp").asLong() - Instant.now().getEpochSecond()).isBetween(3500L, 3600L);
		assertThat(byDefault.has("nameid")).isFalse();
	}

	private String generatedToken(String query) {
		HttpResponse<String> response = this.rest.validated("POST",
				"/api/hubs/notifications/:generateToken?" + VERSION + query, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).path("token").asString();
	}

	private List<Client> inGroup(String group, int count) {
		List<Client> members = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Client client = this.clients.connect((i % 2 == 0) ? group + "-user-" + i : null);
			assertThat(
					this.rest
						.call("PUT",
								"/api/hubs/notifications/groups/" + group + "/connections/" + client.id() + "?"
										+ VERSION,
								null)
						.statusCode())
				.isEqualTo(200);
			members.add(client);
		}
		return members;
	}

	/** A nextLink GET verbatim, as the SDK follows it, validated against the Swagger. */
	private HttpResponse<String> follow(URI nextLink) {
		HttpResponse<String> response = this.rest.get(nextLink);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		SwaggerValidation.assertValidExchange("GET",
				nextLink.getRawPath().substring("/local".length()) + "?" + nextLink.getRawQuery(), null, 200,
				response.body(), response.headers().firstValue("Content-Type").orElse(null));
		return response;
	}

	private static List<String> memberIds(HttpResponse<String> page) {
		return json(page).path("value")
			.values()
			.stream()
			.map((member) -> member.path("connectionId").asString())
			.toList();
	}

	private static JsonNode claims(String token) {
		return JsonMapper.shared()
			.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
	}

}
