package dev.beacon.messages;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRPartialFailureException;
import dev.beacon.restclient.SignalRUnavailableException;
import dev.beacon.restclient.UserMessageSentEvent;
import dev.beacon.support.WebSliceConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;

/**
 * The messages and groups API as a web slice, the SignalR client mocked: each endpoint
 * makes exactly its client call, and every refusal (invalid body, unknown hub, no key) is
 * a problem with nothing sent.
 */
@WebMvcTest(controllers = HubController.class, properties = { "beacon.api.keys=" + API_KEY })
@Import({ WebSliceConfiguration.class, Publishing.class, MessagesSliceConfiguration.class })
@RecordApplicationEvents
class HubControllerTests {

	static final SignalRMessage MESSAGE = SignalRMessage.of("newOrder", 42, "x");

	@Autowired
	MockMvcTester mvc;

	@Autowired
	MeterRegistry meterRegistry;

	@MockitoBean
	SignalRClient client;

	@Autowired
	ApplicationEvents events;

	static Stream<Arguments> endpoints() {
		String message = "{\"target\":\"newOrder\",\"arguments\":[42,\"x\"]";
		return Stream.of(endpoint("POST", "/messages", message + "}", (c) -> c.sendToAll("chat", MESSAGE, List.of())),
				endpoint("POST", "/messages", message + ",\"excluded\":[\"c1\",\"c2\"]}",
						(c) -> c.sendToAll("chat", MESSAGE, List.of("c1", "c2"))),
				endpoint("POST", "/messages", message + ",\"userId\":\"alice\"}",
						(c) -> c.sendToUser("chat", "alice", MESSAGE)),
				endpoint("POST", "/messages", message + ",\"groupName\":\"ops\",\"excluded\":[\"c1\"]}",
						(c) -> c.sendToGroup("chat", "ops", MESSAGE, List.of("c1"))),
				endpoint("POST", "/messages", message + ",\"connectionId\":\"c1\"}",
						(c) -> c.sendToConnection("chat", "c1", MESSAGE)),
				endpoint("PUT", "/groups/ops/users/alice?ttl=3600", null,
						(c) -> c.addUserToGroup("chat", "ops", "alice", Duration.ofHours(1))),
				endpoint("PUT", "/groups/ops/users/alice", null, (c) -> c.addUserToGroup("chat", "ops", "alice", null)),
				endpoint("DELETE", "/groups/ops/users/alice", null,
						(c) -> c.removeUserFromGroup("chat", "ops", "alice")),
				endpoint("DELETE", "/users/alice/groups", null, (c) -> c.removeUserFromAllGroups("chat", "alice")),
				endpoint("PUT", "/groups/ops/connections/c1", null, (c) -> c.addConnectionToGroup("chat", "ops", "c1")),
				endpoint("DELETE", "/groups/ops/connections/c1", null,
						(c) -> c.removeConnectionFromGroup("chat", "ops", "c1")),
				endpoint("DELETE", "/connections/c1?reason=bye", null, (c) -> c.closeConnection("chat", "c1", "bye")),
				endpoint("DELETE", "/connections/c1", null, (c) -> c.closeConnection("chat", "c1", null)),
				endpoint("PUT", "/groups/tenant%2Fops/users/al%20ice", null,
						(c) -> c.addUserToGroup("chat", "tenant/ops", "al ice", null)));
	}

	static Arguments endpoint(String method, String path, String body, Consumer<SignalRClient> call) {
		return arguments(method, path, body, call);
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("endpoints")
	void everyEndpointMakesItsClientCallOnTheConfiguredHubLowerCased(String method, String path, String body,
			Consumer<SignalRClient> call) {
		assertThat(request(method, "/api/hubs/Chat" + path, body)).hasStatus2xxSuccessful();

		call.accept(then(this.client).should());
		then(this.client).shouldHaveNoMoreInteractions();
	}

	static Stream<Arguments> existenceChecks() {
		return Stream.of(
				arguments("/users/alice", (Function<SignalRClient, Boolean>) (c) -> c.userExists("chat", "alice")),
				arguments("/groups/ops", (Function<SignalRClient, Boolean>) (c) -> c.groupExists("chat", "ops")),
				arguments("/connections/c1",
						(Function<SignalRClient, Boolean>) (c) -> c.connectionExists("chat", "c1")));
	}

	@ParameterizedTest(name = "GET {0}")
	@MethodSource("existenceChecks")
	void existenceChecksAnswerWhatTheServiceSays(String path, Function<SignalRClient, Boolean> check) {
		given(check.apply(this.client)).willReturn(true);
		assertThat(request("GET", "/api/hubs/chat" + path, null)).hasStatusOk()
			.bodyJson()
			.isEqualTo("{\"exists\":true}");

		given(check.apply(this.client)).willReturn(false);
		assertThat(request("GET", "/api/hubs/chat" + path, null)).bodyJson().isEqualTo("{\"exists\":false}");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"{\"target\":\"t\",\"userId\":\"a\",\"groupName\":\"g\"}|at most one of userId, groupName, connectionId and filter may be set",
			"{\"target\":\"t\",\"groupName\":\"g\",\"connectionId\":\"c\"}|at most one of userId, groupName, connectionId and filter may be set",
			"{\"target\":\"t\",\"userId\":\"a\",\"excluded\":[\"c1\"]}|excluded applies only to a broadcast or a group",
			"{\"target\":\"t\",\"connectionId\":\"c\",\"excluded\":[\"c1\"]}|excluded applies only to a broadcast or a group",
			"{\"target\":\" \"}|target: must not be blank", "{\"arguments\":[1]}|target: must not be blank",
			"{\"target\":\"t\",\"arguments\":\"not a list\"}|not valid JSON for this endpoint: arguments has a value",
			"{\"target\":|not valid JSON",
			"{\"target\":\"t\",\"group\":\"ops\"}|\"group\" is not a property; did you mean \"groupName\"?",
			"{\"target\":\"t\",\"UserId\":\"a\",\"userId\":\"b\"}|\"UserId\" and \"userId\" are the same property",
			"{\"Target\":\"t\",\"GroupName\":\"g\",\"UserId\":\"a\"}|at most one of userId, groupName, connectionId and filter",
			"{\"target\":\"t\",\"endpoints\":[{}]}|endpoints: choosing service instances per message is not supported" })
	void invalidMessagesAreBadRequestProblemsAndSendNothing(String body, String detail) {
		assertRefused(request("POST", "/api/hubs/chat/messages", body), HttpStatus.BAD_REQUEST, detail);
	}

	@Test
	void overlongTargetAndTooManyArgumentsAreNamedInTheDetail() {
		String arguments = "[" + "1,".repeat(100) + "1]";
		MvcTestResult result = assertRefused(
				request("POST", "/api/hubs/chat/messages",
						"{\"target\":\"" + "t".repeat(257) + "\",\"arguments\":" + arguments + "}"),
				HttpStatus.BAD_REQUEST, "arguments");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("arguments: size must be between 0 and 100; target: size must be between 0 and 256");
	}

	@Test
	void aMessageThatIsNotJsonIsUnsupportedMediaType() {
		assertRefused(
				request("POST", "/api/hubs/chat/messages", null).contentType(MediaType.TEXT_PLAIN).content("target=t"),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type 'text/plain' is not supported");
	}

	@ParameterizedTest(name = "ttl={0}")
	@CsvSource({ "-1, ttl: must be greater than or equal to 0", "31536001, ttl: must be less than or equal to 31536000",
			"soon, Failed to convert 'ttl'" })
	void ttlOutOfRangeOrNotANumberIsABadRequestProblem(String ttl, String detail) {
		assertRefused(request("PUT", "/api/hubs/chat/groups/ops/users/alice?ttl=" + ttl, null), HttpStatus.BAD_REQUEST,
				detail);
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("endpoints")
	void anUnknownHubIsNotFoundAndSendsNothing(String method, String path, String body) {
		assertRefused(request(method, "/api/hubs/other" + path, body), HttpStatus.NOT_FOUND,
				"Hub 'other' is not configured");
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("endpoints")
	void withoutAValidApiKeyNothingIsReadOrSent(String method, String path, String body) {
		MvcTestResult missing = assertRefused(unauthenticated(method, "/api/hubs/chat" + path, body),
				HttpStatus.UNAUTHORIZED, "API key is required");
		MvcTestResult wrong = assertRefused(
				unauthenticated(method, "/api/hubs/chat" + path, body).header("X-API-Key", API_KEY + "x"),
				HttpStatus.UNAUTHORIZED, "The API key is not valid");

		assertThat(missing).hasHeader("WWW-Authenticate", "Bearer realm=\"beacon\"");
		assertThat(wrong).hasHeader("WWW-Authenticate", "Bearer realm=\"beacon\"").bodyText().doesNotContain(API_KEY);
	}

	@Test
	void aMessageWhoseCallerAcceptsNoJsonIsRefusedWith406AndNotSent() {
		assertThat(this.mvc.post()
			.uri("/api/hubs/chat/messages")
			.header("X-API-Key", API_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_PLAIN)
			.content("{\"target\":\"notify\",\"userId\":\"alice\"}")).hasStatus(HttpStatus.NOT_ACCEPTABLE);
		then(this.client).shouldHaveNoInteractions();

		assertThat(this.mvc.post()
			.uri("/api/hubs/chat/messages")
			.header("X-API-Key", API_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.content("{\"target\":\"notify\",\"userId\":\"alice\",\"id\":\"m1\"}")).hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.isLenientlyEqualTo("{\"id\":\"m1\"}");
	}

	@Test
	void aBearerKeyIsAcceptedToo() {
		assertThat(
				this.mvc.delete().uri("/api/hubs/chat/users/alice/groups").header("Authorization", "Bearer " + API_KEY))
			.hasStatusOk();
		then(this.client).should().removeUserFromAllGroups("chat", "alice");
	}

	@Test
	void aFailedCallKeepsTheServicesStatusAndIsCountedAsAFailure() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/chat/groups/ops/:send", "throttled",
				Duration.ofSeconds(7), null))
			.given(this.client)
			.sendToGroup("chat", "ops", MESSAGE, List.of());

		assertThat(request("POST", "/api/hubs/chat/messages",
				"{\"target\":\"newOrder\",\"arguments\":[42,\"x\"],\"groupName\":\"ops\"}"))
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasHeader("Retry-After", "7")
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(request("PUT", "/api/hubs/chat/groups/ops/connections/c1", null)).hasStatusOk();

		assertThat(count("message.group", "failure")).isOne();
		assertThat(count("group.add-connection", "success")).isOne();
	}

	@Test
	void aUserMessageOnlySomeInstancesTookIsA502NamingThemAndStillKeptForTheInbox() {
		willThrow(new SignalRPartialFailureException("POST", "/api/hubs/chat/users/alice/:send", List.of("east"),
				Map.of("west", "connection refused")))
			.given(this.client)
			.sendToUser("chat", "alice", MESSAGE);

		assertThat(request("POST", "/api/hubs/chat/messages",
				"{\"target\":\"newOrder\",\"arguments\":[42,\"x\"],\"userId\":\"alice\",\"id\":\"m-1\"}"))
			.hasStatus(HttpStatus.BAD_GATEWAY)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("{\"accepted\":[\"east\"],\"failed\":{\"west\":\"connection refused\"}}");

		assertThat(this.events.stream(UserMessageSentEvent.class)).singleElement()
			.satisfies((sent) -> assertThat(sent.id()).isEqualTo("m-1"));
		assertThat(count("message.user", "failure")).isOne();
	}

	@Test
	void aUserMessageNoInstanceTookIsNotKeptForTheInbox() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/chat/users/alice/:send", "down", null, null))
			.given(this.client)
			.sendToUser("chat", "alice", MESSAGE);

		assertThat(request("POST", "/api/hubs/chat/messages",
				"{\"target\":\"newOrder\",\"arguments\":[42,\"x\"],\"userId\":\"alice\"}"))
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE);

		assertThat(this.events.stream(UserMessageSentEvent.class)).isEmpty();
	}

	/**
	 * Asserts a problem answer naming what is wrong, and that nothing reached the client.
	 */
	private MvcTestResult assertRefused(MockMvcRequestBuilder request, HttpStatus status, String detail) {
		MvcTestResult result = PublishAnswers.assertProblem(request, status, detail);
		then(this.client).shouldHaveNoInteractions();
		return result;
	}

	private double count(String kind, String outcome) {
		return PublishAnswers.published(this.meterRegistry, kind, outcome);
	}

	private MockMvcRequestBuilder request(String method, String uri, String body) {
		return unauthenticated(method, uri, body).header("X-API-Key", API_KEY);
	}

	private MockMvcRequestBuilder unauthenticated(String method, String uri, String body) {
		MockMvcRequestBuilder request = this.mvc.method(HttpMethod.valueOf(method)).uri(URI.create(uri));
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).content(body) : request;
	}

}
