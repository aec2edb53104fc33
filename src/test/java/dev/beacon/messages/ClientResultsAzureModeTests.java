package dev.beacon.messages;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beacon's API for the 2024-12-01 operations through the whole application in Azure mode
 * against the fake SignalR Service: a client result and the client's error as Beacon
 * answers them, a group listing paged through Beacon's own absolute links, and filters
 * checked before anything reaches {@code :execute}. The local-mode twin, with real
 * clients, is {@link ClientResultsEndToEndTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "beacon.api.keys=" + API_KEY,
		"beacon.status.broadcast-interval=0", "beacon.signalr.retry.max-retries=0" })
class ClientResultsAzureModeTests {

	static final String INVOKE = "/api/hubs/notifications/connections/c1/:invoke";

	static final String MEMBERS = "/api/hubs/notifications/groups/ops/connections";

	static final String EXECUTE = "/api/hubs/notifications/:execute";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	BeaconHttp http;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
	}

	@Test
	void theOpenApiDescriptionDocumentsEveryNewEndpointAndTheStatusesItAnswers() {
		JsonNode paths = BeaconHttp.json(this.http.get("/v3/api-docs")).path("paths");

		assertThat(paths.path("/api/hubs/{hub}/connections/{connectionId}/invoke")
			.path("post")
			.path("responses")
			.propertyNames()).contains("200", "400", "404", "410", "422", "501", "503", "504");
		assertThat(
				paths.path("/api/hubs/{hub}/groups/{group}/connections").path("get").path("responses").propertyNames())
			.contains("200", "400", "404", "501");
		assertThat(paths.path("/api/hubs/{hub}/commands").path("post").path("responses").propertyNames())
			.contains("202", "400", "404", "501");
		assertThat(paths.path("/api/hubs/{hub}/commands").path("post").path("security").toString()).contains("apiKey");
	}

	@Test
	void theClientsResultIsBeaconsAnswer() {
		service.stubFor(post(urlPathEqualTo(INVOKE)).willReturn(json(200, "{\"result\":{\"answer\":42}}")));

		HttpResponse<String> response = invoke("5s");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(BeaconHttp.json(response)).isEqualTo(parse("{\"result\":{\"answer\":42}}"));
		LoggedRequest request = service.onlyRequest();
		assertThat(request.getUrl()).isEqualTo(INVOKE + "?api-version=2024-12-01");
		assertThat(parse(request.getBodyAsString()))
			.isEqualTo(parse("{\"target\":\"confirm\",\"arguments\":[\"delete?\"]}"));
	}

	@Test
	void theClientsErrorIsA422ProblemWithItsTextAndCode() {
		service.stubFor(post(urlPathEqualTo(INVOKE))
			.willReturn(json(400, "{\"code\":\"Error.Invocation.ClientError\",\"message\":\"not now\"}")
				.withHeader("x-ms-error-code", "Error.Invocation.ClientError")));

		HttpResponse<String> response = invoke("5s");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = BeaconHttp.json(response);
		assertThat(problem.path("code").asString()).isEqualTo("Client.Error");
		assertThat(problem.path("detail").asString()).isEqualTo("not now");
		assertThat(service.requests()).hasSize(1);
	}

	@Test
	void aTimeoutLongerThanFiveMinutesIsRefusedBeforeTheServiceIsAsked() {
		HttpResponse<String> response = invoke("6m");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(BeaconHttp.json(response).path("detail").asString()).startsWith("timeout:");
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void groupPagesLinkToBeaconItselfAndFollowingTheLinksReachesEveryMember() {
		servicePage(null, "c1", "t2");
		servicePage("t2", "c2", "t3");
		servicePage("t3", "c3", null);

		List<String> members = new ArrayList<>();
		List<String> links = new ArrayList<>();
		JsonNode page = members(MEMBERS + "?maxpagesize=1");
		members.add(page.path("value").path(0).path("connectionId").asString());
		while (page.has("nextLink") && links.size() < 5) {
			String link = page.path("nextLink").asString();
			links.add(link);
			URI next = URI.create(link);
			page = members(next.getRawPath() + "?" + next.getRawQuery());
			members.add(page.path("value").path(0).path("connectionId").asString());
		}

		assertThat(members).containsExactly("c1", "c2", "c3");
		assertThat(links).hasSize(2)
			.allSatisfy((link) -> assertThat(link).startsWith("http://localhost:" + this.port + MEMBERS + "?")
				.contains("maxpagesize=1")
				.containsPattern("continuationToken=[A-Za-z0-9_-]+"));
		assertThat(service.requests())
			.extracting((request) -> request.queryParameter("continuationToken").isPresent()
					? request.queryParameter("continuationToken").firstValue() : "first")
			.containsExactly("first", "t2", "t3");
	}

	@Test
	void aPageSizeOutOfRangeIsRefusedBeforeTheServiceIsAsked() {
		HttpResponse<String> tooMany = this.http.call("GET", MEMBERS + "?maxpagesize=201", API_KEY);
		HttpResponse<String> none = this.http.call("GET", MEMBERS + "?maxpagesize=0", API_KEY);

		assertThat(tooMany.statusCode()).isEqualTo(400);
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void aMalformedFilterIsA400NamingWhereAndNothingReachesTheService() {
		HttpResponse<String> commands = this.http.postJson("/api/hubs/notifications/commands",
				"{\"filter\":\"userId eq\",\"commands\":[{\"type\":\"JoinGroup\",\"group\":\"g\"}]}", API_KEY);
		HttpResponse<String> message = this.http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"t\",\"filter\":\"'ops' in groups and\"}", API_KEY);

		assertThat(commands.statusCode()).isEqualTo(400);
		assertThat(BeaconHttp.json(commands).path("detail").asString()).startsWith("filter: at 10,");
		assertThat(message.statusCode()).isEqualTo(400);
		assertThat(BeaconHttp.json(message).path("detail").asString()).startsWith("filter: at 20,");
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void aValidFilterReachesExecuteExactlyAsGiven() {
		String filter = "'ops' in groups and userId ne 'bo''t'";

		HttpResponse<String> commands = this.http.postJson("/api/hubs/notifications/commands",
				"{\"filter\":\"" + filter + "\",\"commands\":[{\"type\":\"JoinGroup\",\"group\":\"g\"}]}", API_KEY);
		HttpResponse<String> message = this.http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"t\",\"arguments\":[1],\"filter\":\"" + filter + "\"}", API_KEY);

		assertThat(commands.statusCode()).isEqualTo(202);
		assertThat(message.statusCode()).isEqualTo(202);
		assertThat(service.requests()).hasSize(2).allSatisfy((request) -> {
			assertThat(request.getUrl()).startsWith(EXECUTE + "?api-version=2024-12-01&filter=");
			assertThat(request.queryParameter("filter").firstValue()).isEqualTo(filter);
		});
		assertThat(service.requests()).extracting(LoggedRequest::getBodyAsString)
			.containsExactly("[{\"type\":\"JoinGroup\",\"group\":\"g\"}]",
					"[{\"type\":\"SendMessage\",\"message\":{\"target\":\"t\",\"arguments\":[1]}}]");
	}

	private HttpResponse<String> invoke(String timeout) {
		return this.http.postJson("/api/hubs/notifications/connections/c1/invoke?timeout=" + timeout,
				"{\"target\":\"confirm\",\"arguments\":[\"delete?\"]}", API_KEY);
	}

	private JsonNode members(String pathAndQuery) {
		HttpResponse<String> response = this.http.call("GET", pathAndQuery, API_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		return BeaconHttp.json(response);
	}

	/**
	 * One page of the service's: one member and, unless last, a nextLink with a token.
	 */
	private static void servicePage(@Nullable String token, String member, @Nullable String next) {
		String nextLink = (next != null) ? ",\"nextLink\":\""
				+ service.uri(MEMBERS + "?api-version=2024-12-01&maxpagesize=1&continuationToken=" + next) + "\"" : "";
		service.stubFor(get(urlPathEqualTo(MEMBERS))
			.withQueryParam("continuationToken", (token != null) ? equalTo(token) : absent())
			.willReturn(json(200, "{\"value\":[{\"connectionId\":\"" + member + "\"}]" + nextLink + "}")));
	}

	private static JsonNode parse(String json) {
		return JsonMapper.shared().readTree(json);
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

}
