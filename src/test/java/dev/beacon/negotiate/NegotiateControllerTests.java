package dev.beacon.negotiate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import io.jsonwebtoken.Claims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.signalr.hubs=Chat", "beacon.cors.allowed-origins=https://app.example.com",
				"beacon.negotiate.user-id-source=easy-auth", "beacon.negotiate.include-roles=true" })
class NegotiateControllerTests {

	/** Clients negotiate with it, which is not the REST API; it answers 404. */
	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().withoutSwaggerValidation();

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry, FakeSignalRService.FUNCTIONS_SETTING);
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper jsonMapper;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void postNegotiateRedirectsToTheServiceWithATokenForThatUrl() throws Exception {
		HttpResponse<String> response = send(
				request("/api/negotiate?negotiateVersion=1").POST(HttpRequest.BodyPublishers.ofString(""))
					.header("Content-Type", "text/plain;charset=UTF-8"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		// Written by NegotiateResponseConverter, which knows the length up front.
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length());
		JsonNode body = this.jsonMapper.readTree(response.body());
		String url = "http://localhost:" + service.port() + "/client/?hub=notifications";
		assertThat(body.path("url").asString()).isEqualTo(url);
		Claims claims = TestKeys.claims(body.path("accessToken").asString(), TestKeys.ACCESS_KEY);
		assertThat(claims.getAudience()).containsExactly(url);
		assertThat(claims.get("nameid")).isNull();
	}

	@Test
	void getNegotiateForAConfiguredHubMatchesCaseInsensitively() throws Exception {
		HttpResponse<String> response = send(request("/api/hubs/CHAT/negotiate").GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.jsonMapper.readTree(response.body()).path("url").asString()).endsWith("/client/?hub=chat");
	}

	@Test
	void negotiateForAnUnknownHubIsNotFoundProblem() throws Exception {
		HttpResponse<String> response = send(request("/api/hubs/other/negotiate").POST(noBody()));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.jsonMapper.readTree(response.body());
		assertThat(problem.path("detail").asString()).contains("'other' is not configured");
		assertThat(problem.path("status").asInt()).isEqualTo(404);
	}

	@Test
	void negotiateWhenEasyAuthHeadersPresentSetsNameIdAndRoles() throws Exception {
		String principal = Base64.getEncoder()
			.encodeToString(("{\"auth_typ\":\"aad\",\"role_typ\":\"roles\",\"claims\":[{\"typ\":\"roles\",\"val\":"
					+ "\"ops\"},{\"typ\":\"name\",\"val\":\"Alice\"}]}")
				.getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = send(request("/api/negotiate").POST(noBody())
			.header("X-MS-CLIENT-PRINCIPAL-ID", "user-42")
			.header("X-MS-CLIENT-PRINCIPAL-NAME", "alice@example.com")
			.header("X-MS-CLIENT-PRINCIPAL", principal));

		Claims claims = TestKeys.claims(this.jsonMapper.readTree(response.body()).path("accessToken").asString(),
				TestKeys.ACCESS_KEY);
		assertThat(claims.get("nameid", String.class)).isEqualTo("user-42");
		assertThat(claims.get("unique_name", String.class)).isEqualTo("alice@example.com");
		assertThat(claims.get("role", java.util.List.class)).containsExactly("ops");
	}

	@Test
	void negotiateWithMalformedPrincipalHeaderIsBadRequestProblem() throws Exception {
		HttpResponse<String> response = send(request("/api/negotiate").POST(noBody())
			.header("X-MS-CLIENT-PRINCIPAL-ID", "user-42")
			.header("X-MS-CLIENT-PRINCIPAL", "not base64!"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.jsonMapper.readTree(response.body()).path("detail").asString())
			.contains("X-MS-CLIENT-PRINCIPAL");
	}

	@Test
	void corsPreflightAllowsListedOriginWithCredentials() throws Exception {
		HttpResponse<String> response = send(preflight("https://app.example.com"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
	}

	@Test
	void corsPreflightRefusesUnlistedOrigin() throws Exception {
		HttpResponse<String> response = send(preflight("https://evil.example.com"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void officialJavaClientFollowsTheNegotiateRedirectToTheService() {
		HubConnection connection = HubConnectionBuilder.create("http://localhost:" + this.port + "/api").build();

		// The stub service answers 404, so the start fails after the client followed the
		// redirect.
		Throwable failure = catchThrowable(() -> connection.start().blockingAwait(10, TimeUnit.SECONDS));

		assertThat(failure).isNotNull();
		LoggedRequest followUp = service.wireMock()
			.findAll(postRequestedFor(urlPathEqualTo("/client/negotiate")))
			.getFirst();
		assertThat(followUp.queryParameter("hub").firstValue()).isEqualTo("notifications");
		assertThat(followUp.queryParameter("negotiateVersion").firstValue()).isEqualTo("1");
		assertThat(TestKeys.bearerClaims(followUp.getHeader("Authorization"), TestKeys.ACCESS_KEY).getAudience())
			.containsExactly("http://localhost:" + service.port() + "/client/?hub=notifications");
	}

	private HttpRequest.Builder preflight(String origin) {
		return request("/api/negotiate").method("OPTIONS", noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent");
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.BodyPublisher noBody() {
		return HttpRequest.BodyPublishers.noBody();
	}

}
