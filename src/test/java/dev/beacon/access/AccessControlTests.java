package dev.beacon.access;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import dev.beacon.support.BeaconHttp;
import io.micrometer.core.instrument.MeterRegistry;
import dev.beacon.support.EntraTenant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every protected endpoint against every scope, with keys and with Entra ID tokens from a
 * local key set: allowed with its scope or Beacon.Admin, 403 naming the scope otherwise,
 * 401 without a valid credential. The table is held against the handlers Spring maps, so
 * an endpoint added without a row fails here.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "beacon.api.keys=" + API_KEY,
		"beacon.status.broadcast-interval=0", "beacon.api.auth.audience=" + EntraTenant.AUDIENCE,
		"beacon.api.auth.issuers=" + EntraTenant.ISSUER, "beacon.api.clients[0].name=status-writer",
		"beacon.api.clients[0].key=Status.Write" + AccessControlTests.PAD, "beacon.api.clients[0].scopes=Status.Write",
		"beacon.api.clients[1].name=messages-writer",
		"beacon.api.clients[1].key=Messages.Write" + AccessControlTests.PAD,
		"beacon.api.clients[1].scopes=Messages.Write", "beacon.api.clients[2].name=groups-writer",
		"beacon.api.clients[2].key=Groups.Write" + AccessControlTests.PAD, "beacon.api.clients[2].scopes=Groups.Write",
		"beacon.api.clients[3].name=connections-writer",
		"beacon.api.clients[3].key=Connections.Write" + AccessControlTests.PAD,
		"beacon.api.clients[3].scopes=Connections.Write", "beacon.api.clients[4].name=invoker",
		"beacon.api.clients[4].key=Clients.Invoke" + AccessControlTests.PAD,
		"beacon.api.clients[4].scopes=Clients.Invoke", "beacon.api.clients[5].name=commander",
		"beacon.api.clients[5].key=Commands.Write" + AccessControlTests.PAD,
		"beacon.api.clients[5].scopes=Commands.Write", "beacon.api.clients[6].name=presence-reader",
		"beacon.api.clients[6].key=Presence.Read" + AccessControlTests.PAD,
		"beacon.api.clients[6].scopes=Presence.Read", "beacon.api.clients[7].name=inbox-reader",
		"beacon.api.clients[7].key=Inbox.Read" + AccessControlTests.PAD, "beacon.api.clients[7].scopes=Inbox.Read",
		"beacon.api.clients[8].name=operator", "beacon.api.clients[8].key=Beacon.Admin" + AccessControlTests.PAD,
		"beacon.api.clients[8].scopes=Beacon.Admin" })
class AccessControlTests {

	static final String PAD = "-key-0123456789abcdef0123456789abcdef";

	static final String HUB = "/api/hubs/{hub}";

	static final String MESSAGE = "{\"target\":\"hello\",\"arguments\":[]}";

	/**
	 * One row per protected operation: method, path pattern, body, the scope it needs.
	 */
	static final List<Operation> OPERATIONS = List.of(
			new Operation("POST", "/api/status", "{\"status\":\"ok\"}", Scope.STATUS_WRITE),
			new Operation("POST", "/api/status/users/{userId}", "{\"status\":\"ok\"}", Scope.STATUS_WRITE),
			new Operation("POST", "/api/status/groups/{group}", "{\"status\":\"ok\"}", Scope.STATUS_WRITE),
			new Operation("POST", "/api/status/connections/{connectionId}", "{\"status\":\"ok\"}", Scope.STATUS_WRITE),
			new Operation("POST", HUB + "/messages", MESSAGE, Scope.MESSAGES_WRITE),
			new Operation("POST", HUB + "/messages:batch", "{\"messages\":[" + MESSAGE + "]}", Scope.MESSAGES_WRITE),
			new Operation("PUT", HUB + "/groups/{group}/users/{userId}", null, Scope.GROUPS_WRITE),
			new Operation("DELETE", HUB + "/groups/{group}/users/{userId}", null, Scope.GROUPS_WRITE),
			new Operation("DELETE", HUB + "/users/{userId}/groups", null, Scope.GROUPS_WRITE),
			new Operation("PUT", HUB + "/groups/{group}/connections/{connectionId}", null, Scope.GROUPS_WRITE),
			new Operation("DELETE", HUB + "/groups/{group}/connections/{connectionId}", null, Scope.GROUPS_WRITE),
			new Operation("DELETE", HUB + "/connections/{connectionId}", null, Scope.CONNECTIONS_WRITE),
			new Operation("GET", HUB + "/users/{userId}", null, Scope.CONNECTIONS_WRITE),
			new Operation("GET", HUB + "/groups/{group}", null, Scope.CONNECTIONS_WRITE),
			new Operation("GET", HUB + "/connections/{connectionId}", null, Scope.CONNECTIONS_WRITE),
			new Operation("GET", HUB + "/groups/{group}/connections", null, Scope.CONNECTIONS_WRITE),
			new Operation("POST", HUB + "/connections/{connectionId}/invoke", MESSAGE, Scope.CLIENTS_INVOKE),
			new Operation("POST", HUB + "/commands",
					"{\"filter\":\"userId eq 'nobody'\",\"commands\":[{\"type\":\"JoinGroup\",\"group\":\"g\"}]}",
					Scope.COMMANDS_WRITE),
			new Operation("GET", HUB + "/presence", null, Scope.PRESENCE_READ),
			new Operation("GET", HUB + "/presence/users", null, Scope.PRESENCE_READ),
			new Operation("GET", HUB + "/presence/users/{userId}", null, Scope.PRESENCE_READ),
			new Operation("GET", HUB + "/presence/groups/{group}", null, Scope.PRESENCE_READ),
			new Operation("GET", HUB + "/users/{userId}/inbox", null, Scope.INBOX_READ));

	@RegisterExtension
	static final EntraTenant tenant = new EntraTenant();

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("beacon.api.auth.jwk-set-uri", () -> tenant.start().jwkSetUri());
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyHandlerThatNeedsAScopeHasARowWithThatScope() {
		Set<String> mapped = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, method) -> {
			Scope scope = AccessInterceptor.requiredScope(method);
			if (scope != null) {
				info.getMethodsCondition()
					.getMethods()
					.forEach((verb) -> info.getPatternValues()
						.forEach((pattern) -> mapped.add(verb + " " + pattern + " " + scope)));
			}
		});
		assertThat(mapped).containsExactlyInAnyOrderElementsOf(OPERATIONS.stream()
			.map((operation) -> operation.method() + " " + operation.pattern() + " " + operation.scope())
			.toList());
	}

	@TestFactory
	Stream<DynamicTest> aKeyReachesExactlyTheOperationsOfItsScopeAndAdministratorsReachAll() {
		return OPERATIONS.stream().flatMap((operation) -> {
			List<DynamicTest> tests = new ArrayList<>();
			for (Scope scope : Scope.values()) {
				tests.add(DynamicTest.dynamicTest(operation + " with a " + scope + " key",
						() -> assertAnswer(operation, scope, send(operation, "X-API-Key", scope.wireName() + PAD))));
			}
			tests.add(DynamicTest.dynamicTest(operation + " with a full-access key as bearer",
					() -> assertAnswer(operation, Scope.ADMIN, send(operation, "Authorization", "Bearer " + API_KEY))));
			tests.add(DynamicTest.dynamicTest(operation + " without a key",
					() -> assertUnauthorized(send(operation, null, null))));
			tests.add(DynamicTest.dynamicTest(operation + " with a wrong key",
					() -> assertUnauthorized(send(operation, "X-API-Key", API_KEY + "x"))));
			return tests.stream();
		});
	}

	@TestFactory
	Stream<DynamicTest> anEntraTokenReachesExactlyTheOperationsOfItsRoles() {
		return OPERATIONS.stream().flatMap((operation) -> {
			List<DynamicTest> tests = new ArrayList<>();
			for (Scope scope : Scope.values()) {
				String token = tenant.token(tenant.claims()
					.claim("azp", "app-" + scope)
					.claim("roles", List.of("Other.Role", scope.wireName()))
					.build());
				tests.add(DynamicTest.dynamicTest(operation + " with a token in role " + scope,
						() -> assertAnswer(operation, scope, send(operation, "Authorization", "Bearer " + token))));
			}
			String roleless = tenant.token(tenant.claims().claim("azp", "no-roles").build());
			tests.add(DynamicTest.dynamicTest(operation + " with a token without roles", () -> {
				HttpResponse<String> answer = send(operation, "Authorization", "Bearer " + roleless);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
			}));
			return tests.stream();
		});
	}

	@Test
	void tokensThatAreNotValidAreUnauthorizedWhateverTheirRoles() throws Exception {
		Instant now = Instant.now();
		var admin = tenant.claims().claim("roles", List.of("Beacon.Admin"));
		SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), admin.build());
		hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef"));
		List<String> refused = List.of(
				tenant.token(
						tenant.claims().claim("roles", List.of("Beacon.Admin")).audience("api://someone-else").build()),
				tenant.token(tenant.claims()
					.claim("roles", List.of("Beacon.Admin"))
					.issuer("https://sts.windows.net/00000000-0000-0000-0000-000000000000/")
					.build()),
				tenant.token(tenant.claims()
					.claim("roles", List.of("Beacon.Admin"))
					.issueTime(Date.from(now.minusSeconds(7200)))
					.notBeforeTime(Date.from(now.minusSeconds(7200)))
					.expirationTime(Date.from(now.minusSeconds(120)))
					.build()),
				base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(admin.build().toString()) + ".",
				hmac.serialize(), tenant.forgedToken());
		Operation status = OPERATIONS.getFirst();
		for (String token : refused) {
			HttpResponse<String> answer = send(status, "Authorization", "Bearer " + token);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
			assertThat(answer.body()).contains("The bearer token is not valid").doesNotContain(token);
		}
	}

	@Test
	void stateChangesAreLoggedWithTheCallerAndCountedButNoKeyOrTokenIsEver(CapturedOutput output) {
		String token = tenant
			.token(tenant.claims().claim("azp", "billing-service").claim("roles", List.of("Status.Write")).build());
		Operation status = OPERATIONS.getFirst();
		assertThat(send(status, "Authorization", "Bearer " + token).statusCode()).isEqualTo(202);
		assertThat(send(status, "X-API-Key", "Presence.Read" + PAD).statusCode()).isEqualTo(403);
		assertThat(send(OPERATIONS.get(4), "X-API-Key", "Messages.Write" + PAD).statusCode()).isEqualTo(202);

		// Written once the answer is sent (afterCompletion): the caller may read it first
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output)
				.contains("caller=billing-service POST /api/status scope=Status.Write outcome=success status=202")
				.contains("caller=presence-reader POST /api/status scope=Status.Write outcome=forbidden status=403")
				.contains("caller=messages-writer POST /api/hubs/notifications/messages scope=Messages.Write "
						+ "outcome=success"));
		assertThat(output).doesNotContain(token).doesNotContain(PAD);
		assertThat(this.registry.get("beacon.api.requests")
			.tags("caller", "billing-service", "scope", "Status.Write", "outcome", "success")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("beacon.api.requests")
			.tags("caller", "presence-reader", "scope", "Status.Write", "outcome", "forbidden")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.find("beacon.api.requests").meters())
			.allSatisfy((meter) -> assertThat(meter.getId().toString()).doesNotContain(PAD));
	}

	@Test
	void aForbiddenAnswerNamesTheScopeItLacks() {
		HttpResponse<String> answer = send(OPERATIONS.get(16), "X-API-Key", "Messages.Write" + PAD);

		assertThat(answer.statusCode()).isEqualTo(403);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(BeaconHttp.json(answer).path("requiredScope").asString()).isEqualTo("Clients.Invoke");
		assertThat(BeaconHttp.json(answer).path("detail").asString())
			.isEqualTo("Caller messages-writer lacks the scope Clients.Invoke this operation needs (or Beacon.Admin)");
	}

	@Test
	void theOpenApiDocumentShowsEachOperationsScope() {
		var document = BeaconHttp.json(new BeaconHttp(this.port).get("/v3/api-docs"));
		for (Operation operation : OPERATIONS) {
			var described = document.path("paths").path(operation.pattern()).path(operation.method().toLowerCase());
			assertThat(described.path("x-required-scope").asString()).as(operation.toString())
				.isEqualTo(operation.scope().wireName());
			assertThat(described.path("responses").has("403")).as(operation.toString()).isTrue();
		}
	}

	private void assertAnswer(Operation operation, Scope held, HttpResponse<String> answer) {
		if (held == operation.scope() || held == Scope.ADMIN) {
			assertThat(answer.statusCode()).as(answer.body()).isNotIn(401, 403).isLessThan(500);
		}
		else {
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
			assertThat(BeaconHttp.json(answer).path("requiredScope").asString())
				.isEqualTo(operation.scope().wireName());
		}
	}

	private static void assertUnauthorized(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
		assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"beacon\"");
	}

	private HttpResponse<String> send(Operation operation, String header, String value) {
		HttpRequest.Builder request = new BeaconHttp(this.port).request(operation.path())
			.method(operation.method(),
					(operation.body() != null) ? HttpRequest.BodyPublishers.ofString(operation.body())
							: HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json");
		if (header != null) {
			request.header(header, value);
		}
		return new BeaconHttp(this.port).send(request);
	}

	private static String base64(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	record Operation(String method, String pattern, String body, Scope scope) {

		String path() {
			return this.pattern.replace("{hub}", "notifications")
				.replace("{userId}", "u1")
				.replace("{group}", "g1")
				.replace("{connectionId}", "c1");
		}

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

}
