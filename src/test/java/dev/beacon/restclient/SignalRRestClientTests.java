package dev.beacon.restclient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.protocol.InvalidNameException;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import io.jsonwebtoken.Claims;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every operation against a WireMock service over a real socket, each request validated
 * against Microsoft's Swagger and its token checked.
 */
class SignalRRestClientTests {

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(200);

	static final SignalRMessage MESSAGE = SignalRMessage.of("statusUpdate", java.util.Map.of("status", "ok"));

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private SignalRRestClient client;

	@BeforeEach
	void setUp() {
		this.client = RestClientFixture.client(service,
				RestClientFixture.properties(null, Duration.ofSeconds(2), Duration.ofMillis(10)), this.meterRegistry);
	}

	static Stream<Arguments> operations() {
		String v = "?api-version=2024-12-01";
		return Stream.of(operation("HEAD", "/api/health" + v, SignalRClient::checkHealth),
				operation("POST", "/api/hubs/chat/:send" + v + "&excluded=c1&excluded=c2",
						(c) -> c.sendToAll("Chat", MESSAGE, List.of("c1", "c2"))),
				operation("POST", "/api/hubs/chat/users/alice/:send" + v,
						(c) -> c.sendToUser("chat", "alice", MESSAGE)),
				operation("POST", "/api/hubs/chat/groups/ops/:send" + v + "&excluded=c1",
						(c) -> c.sendToGroup("chat", "ops", MESSAGE, List.of("c1"))),
				operation("POST", "/api/hubs/chat/connections/c1/:send" + v,
						(c) -> c.sendToConnection("chat", "c1", MESSAGE)),
				operation("POST", "/api/hubs/chat/:closeConnections" + v + "&excluded=c1&reason=bye",
						(c) -> c.closeAll("chat", List.of("c1"), "bye")),
				operation("POST", "/api/hubs/chat/groups/ops/:closeConnections" + v,
						(c) -> c.closeGroup("chat", "ops", List.of(), null)),
				operation("POST", "/api/hubs/chat/users/alice/:closeConnections" + v + "&reason=two%20words",
						(c) -> c.closeUser("chat", "alice", List.of(), "two words")),
				operation("DELETE", "/api/hubs/chat/connections/c1" + v + "&reason=bye",
						(c) -> c.closeConnection("chat", "c1", "bye")),
				operation("PUT", "/api/hubs/chat/groups/ops/connections/c1" + v,
						(c) -> c.addConnectionToGroup("chat", "ops", "c1")),
				operation("DELETE", "/api/hubs/chat/groups/ops/connections/c1" + v,
						(c) -> c.removeConnectionFromGroup("chat", "ops", "c1")),
				operation("DELETE", "/api/hubs/chat/connections/c1/groups" + v,
						(c) -> c.removeConnectionFromAllGroups("chat", "c1")),
				operation("PUT", "/api/hubs/chat/users/alice/groups/ops" + v + "&ttl=60",
						(c) -> c.addUserToGroup("chat", "ops", "alice", Duration.ofMinutes(1))),
				operation("DELETE", "/api/hubs/chat/users/alice/groups/ops" + v,
						(c) -> c.removeUserFromGroup("chat", "ops", "alice")),
				operation("DELETE", "/api/hubs/chat/users/alice/groups" + v,
						(c) -> c.removeUserFromAllGroups("chat", "alice")),
				operation("HEAD", "/api/hubs/chat/connections/c1" + v, (c) -> c.connectionExists("chat", "c1")),
				operation("HEAD", "/api/hubs/chat/users/alice" + v, (c) -> c.userExists("chat", "alice")),
				operation("HEAD", "/api/hubs/chat/groups/ops" + v, (c) -> c.groupExists("chat", "ops")),
				operation("HEAD", "/api/hubs/chat/users/alice/groups/ops" + v,
						(c) -> c.userInGroup("chat", "ops", "alice")));
	}

	static Arguments operation(String method, String url, Consumer<SignalRClient> call) {
		return arguments(method, url, call);
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("operations")
	void everyOperationSendsTheDocumentedSignedRequest(String method, String url, Consumer<SignalRClient> call) {
		call.accept(this.client);

		assertThat(service.requests()).singleElement().satisfies((request) -> {
			assertThat(request.getMethod().getName()).isEqualTo(method);
			assertThat(request.getUrl()).isEqualTo(url);
			String path = url.substring(0, url.indexOf('?'));
			assertThat(claims(request).getAudience())
				.containsExactly("http://localhost" + path + "?api-version=2024-12-01");
		});
	}

	@Test
	void sendBodyIsTargetAndArguments() {
		this.client.sendToAll("chat", SignalRMessage.of("statusUpdate", "a", 1), List.of());

		LoggedRequest request = service.onlyRequest();
		assertThat(request.getHeader("Content-Type")).startsWith("application/json");
		assertThat(new String(request.getBody(), StandardCharsets.UTF_8))
			.isEqualTo("{\"target\":\"statusUpdate\",\"arguments\":[\"a\",1]}");
	}

	static Stream<Arguments> names() {
		return Stream.of(arguments("a/b", "a%2Fb"), arguments("with space", "with%20space"),
				arguments("hash#tag?x=1", "hash%23tag%3Fx%3D1"), arguments("日本", "%E6%97%A5%E6%9C%AC"),
				arguments("plus+and%", "plus%2Band%25"), arguments("~unreserved-._", "~unreserved-._"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("names")
	void pathSegmentsAreEscapedSoNamesRoundTrip(String name, String escaped) {
		this.client.sendToGroup("chat", name, MESSAGE, List.of());
		this.client.userInGroup("chat", name, name);

		List<String> urls = service.requests().stream().map(LoggedRequest::getUrl).toList();
		assertThat(urls).contains("/api/hubs/chat/groups/" + escaped + "/:send?api-version=2024-12-01",
				"/api/hubs/chat/users/" + escaped + "/groups/" + escaped + "?api-version=2024-12-01");
	}

	@Test
	void applicationIsSentAndSignedLowerCased() {
		SignalRRestClient withApplication = RestClientFixture.client(service,
				RestClientFixture.properties("MyApp", Duration.ofSeconds(2), Duration.ofMillis(10)),
				this.meterRegistry);

		withApplication.sendToUser("Chat", "alice", MESSAGE);

		LoggedRequest request = service.onlyRequest();
		assertThat(request.getUrl())
			.isEqualTo("/api/hubs/chat/users/alice/:send?application=myapp&api-version=2024-12-01");
		assertThat(claims(request).getAudience()).containsExactly(
				"http://localhost/api/hubs/chat/users/alice/:send?application=myapp&api-version=2024-12-01");
	}

	@Test
	void invalidNamesAreRefusedBeforeAnyRequest() {
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> this.client.sendToAll("1bad hub", MESSAGE, List.of()));
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> this.client.sendToGroup("chat", " ", MESSAGE, List.of()));
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> this.client.sendToUser("chat", "u".repeat(1025), MESSAGE));
		assertThat(service.requests()).isEmpty();
	}

	@Test
	void existenceChecksAreTrueOn200AndFalseOn404() {
		service.stubFor(head(anyUrl())
			.willReturn(aResponse().withStatus(404).withHeader("x-ms-error-code", "Warning.User.NotExisted")));

		assertThat(this.client.userExists("chat", "ghost")).isFalse();
		service.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(200)));
		assertThat(this.client.userExists("chat", "alice")).isTrue();
	}

	@Test
	void tokensAreCachedPerAudience() {
		this.client.sendToUser("chat", "alice", MESSAGE);
		this.client.sendToUser("chat", "alice", MESSAGE);
		this.client.sendToUser("chat", "bob", MESSAGE);

		List<String> tokens = service.requests().stream().map((request) -> request.getHeader("Authorization")).toList();
		assertThat(tokens.get(0)).isEqualTo(tokens.get(1)).isNotEqualTo(tokens.get(2));
	}

	@Test
	void requestsAreTimedByOperationAndOutcome() {
		this.client.sendToUser("chat", "alice", MESSAGE);

		assertThat(this.meterRegistry.get("beacon.signalr.requests")
			.tag("operation", "sendToUser")
			.tag("outcome", "success")
			.timer()
			.count()).isEqualTo(1);
	}

	static Claims claims(LoggedRequest request) {
		return TestKeys.bearerClaims(request.getHeader("Authorization"), TestKeys.ACCESS_KEY);
	}

}
