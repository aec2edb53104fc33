package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.support.FakeSignalRService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The operations of API version 2024-12-01 against the fake service over a real socket:
 * exactly what each sends (each request is also checked against the Swagger of the
 * version it names) and what each returns or throws; on 2022-06-01 they are refused
 * before anything is sent. Group listing is in
 * {@link SignalRRestClientGroupListingTests}.
 */
class SignalRRestClient20241201Tests {

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	static final String VERSION = "api-version=2024-12-01";

	static final String INVOKE = "/api/hubs/chat/connections/c1/:invoke";

	static final String STREAM = "/api/hubs/chat/connections/c1/streams/s-1";

	static final SignalRMessage CONFIRM = SignalRMessage.of("confirm", "delete?", 3);

	private final SignalRRestClient client = client(null, Duration.ofSeconds(2), "2024-12-01");

	@Test
	void invokePostsTargetAndArgumentsAndReturnsTheClientsResult() {
		answer(INVOKE, json(200, "{\"result\":{\"answer\":\"yes\",\"n\":[1,2]},\"protocol\":\"json\"}"));

		JsonNode result = this.client.invoke("Chat", "c1", CONFIRM, Duration.ofSeconds(5));

		assertThat(result).isEqualTo(parse("{\"answer\":\"yes\",\"n\":[1,2]}"));
		LoggedRequest request = service.onlyRequest();
		assertThat(request.getMethod().getName()).isEqualTo("POST");
		assertThat(request.getUrl()).isEqualTo(INVOKE + "?" + VERSION);
		assertThat(request.getHeader("Content-Type")).startsWith("application/json");
		assertThat(parse(request.getBodyAsString()))
			.isEqualTo(parse("{\"target\":\"confirm\",\"arguments\":[\"delete?\",3]}"));
	}

	@Test
	void invokeReadsAPascalCaseResult() {
		answer(INVOKE, json(200, "{\"Result\":5}"));

		JsonNode result = this.client.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(5));

		assertThat(result.isIntegralNumber()).isTrue();
		assertThat(result.asInt()).isEqualTo(5);
	}

	@Test
	void invokeAnswered200WithoutABodyIsAJsonNull() {
		answer(INVOKE, aResponse().withStatus(200));

		assertThat(this.client.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(5)).isNull()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Error.Connection.NotExisted" })
	void invokeOfAnUnknownConnectionIsNotFound(String errorCode) {
		ResponseDefinitionBuilder notFound = aResponse().withStatus(404);
		answer(INVOKE, errorCode.isEmpty() ? notFound : notFound.withHeader("x-ms-error-code", errorCode));

		assertThatExceptionOfType(SignalRNotFoundException.class)
			.isThrownBy(() -> this.client.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(5)))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(404));
		assertThat(service.requests()).hasSize(1);
	}

	static Stream<Arguments> invocationErrors() {
		return Stream.of(
				argumentSet("client error", "Error.Invocation.ClientError", 422,
						SignalRClientResultException.CLIENT_ERROR, "not now"),
				argumentSet("disconnected", "Error.Invocation.Disconnected", 410,
						SignalRClientResultException.CONNECTION_CLOSED,
						"The connection closed before the client answered"),
				argumentSet("timeout", "Error.Invocation.Timeout", 504, SignalRClientResultException.TIMEOUT,
						"The client did not answer within 5.0 s"));
	}

	@ParameterizedTest
	@MethodSource("invocationErrors")
	void invokeTellsTheClientsFailuresApartByTheServicesErrorCode(String errorCode, int status, String code,
			String detail) {
		answer(INVOKE, json(400, "{\"code\":\"" + errorCode + "\",\"message\":\"not now\"}")
			.withHeader("x-ms-error-code", errorCode));

		assertThatExceptionOfType(SignalRClientResultException.class)
			.isThrownBy(() -> this.client.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(5)))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(code);
				assertThat(ex.getStatusCode().value()).isEqualTo(status);
				assertThat(ex.getBody().getProperties()).containsEntry("code", code);
				assertThat(ex.getBody().getDetail()).isEqualTo(detail);
			});
		assertThat(service.requests()).hasSize(1);
	}

	@Test
	void invokeThatTheServiceAnswersAfterTheTimeoutIsAClientTimeoutWithinAboutTheTimeout() {
		SignalRRestClient patient = client(null, Duration.ofSeconds(10), "2024-12-01");
		answer(INVOKE, json(200, "{\"result\":1}").withFixedDelay(4000));

		long started = System.nanoTime();
		assertThatExceptionOfType(SignalRClientResultException.class)
			.isThrownBy(() -> patient.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(1)))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(SignalRClientResultException.TIMEOUT);
				assertThat(ex.getStatusCode().value()).isEqualTo(504);
			});
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofMillis(3000));
		assertThat(service.requests()).hasSize(1);
	}

	@Test
	void invokeWaitsForItsOwnTimeoutNotTheReadTimeout() {
		SignalRRestClient hasty = client(null, Duration.ofMillis(500), "2024-12-01");
		answer(INVOKE, json(200, "{\"result\":\"late but in time\"}").withFixedDelay(1500));

		JsonNode result = hasty.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(5));

		assertThat(result.asString()).isEqualTo("late but in time");
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 503, 429 })
	void invokeIsNeverRetriedBecauseTheClientMayHaveRunTheMethod(int status) {
		answer(INVOKE, json(status, "{\"message\":\"trouble\"}").withHeader("Retry-After", "0"));

		assertThatExceptionOfType(SignalRException.class)
			.isThrownBy(() -> this.client.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(5)))
			.isNotInstanceOf(SignalRClientResultException.class)
			.withMessageContaining(String.valueOf(status));
		assertThat(service.requests()).hasSize(1);
	}

	@Test
	void executePostsTheCommandsAsAJsonArrayWithTheFilterEscapedInTheQuery() {
		String filter = "'ops' in groups and userId ne 'bo t'";

		this.client.execute("Chat", filter,
				List.of(new SignalRCommand.JoinGroup("g"), new SignalRCommand.SendMessage(SignalRMessage.of("t", 1))));

		LoggedRequest request = service.onlyRequest();
		assertThat(request.getMethod().getName()).isEqualTo("POST");
		assertThat(request.getUrl()).isEqualTo("/api/hubs/chat/:execute?" + VERSION
				+ "&filter=%27ops%27%20in%20groups%20and%20userId%20ne%20%27bo%20t%27");
		assertThat(request.queryParameter("filter").firstValue()).isEqualTo(filter);
		// The tag first: System.Text.Json reads a type discriminator only before the
		// object's other properties.
		assertThat(request.getBodyAsString()).isEqualTo("[{\"type\":\"JoinGroup\",\"group\":\"g\"},"
				+ "{\"type\":\"SendMessage\",\"message\":{\"target\":\"t\",\"arguments\":[1]}}]");
	}

	@Test
	void executeWithoutAFilterSendsNoneAndEveryCommandTypeTagFirst() {
		this.client.execute("chat", null, List.of(new SignalRCommand.LeaveGroup("g"),
				new SignalRCommand.CloseConnection("bye"), new SignalRCommand.CloseConnection(null)));

		LoggedRequest request = service.onlyRequest();
		assertThat(request.getUrl()).isEqualTo("/api/hubs/chat/:execute?" + VERSION);
		assertThat(request.getBodyAsString()).isEqualTo("[{\"type\":\"LeaveGroup\",\"group\":\"g\"},"
				+ "{\"type\":\"CloseConnection\",\"reason\":\"bye\"},{\"type\":\"CloseConnection\"}]");
	}

	@Test
	void executeNamesTheApplicationsHubInThePathSinceItTakesNoApplicationParameter() {
		SignalRRestClient withApplication = client("MyApp", Duration.ofSeconds(2), "2024-12-01");

		withApplication.execute("Chat", "userId eq 'a'", List.of(new SignalRCommand.JoinGroup("g")));

		assertThat(service.onlyRequest().getUrl())
			.isEqualTo("/api/hubs/myapp_chat/:execute?" + VERSION + "&filter=userId%20eq%20%27a%27");
	}

	@Test
	void executeIsNotRetriedOn500SinceItMaySendAMessage() {
		answer("/api/hubs/chat/:execute", aResponse().withStatus(500));

		assertThatExceptionOfType(SignalRRejectedException.class).isThrownBy(() -> this.client.execute("chat", "true",
				List.of(new SignalRCommand.SendMessage(SignalRMessage.of("t")))));
		assertThat(service.requests()).hasSize(1);
	}

	@Test
	void streamItemsGoAsTheRawJsonBodyAndOnlyTheLastSaysCompleted() {
		this.client.sendToStream("chat", "c1", "s-1", Map.of("n", 1), false);
		this.client.sendToStream("chat", "c1", "s-1", "two", false);
		this.client.sendToStream("chat", "c1", "s-1", 3, true);

		List<LoggedRequest> requests = service.requests();
		assertThat(requests).extracting((request) -> request.getMethod().getName()).containsOnly("POST");
		assertThat(requests).extracting(LoggedRequest::getUrl)
			.containsExactly(STREAM + "/:send?" + VERSION, STREAM + "/:send?" + VERSION,
					STREAM + "/:send?" + VERSION + "&completed=true");
		assertThat(requests).extracting(LoggedRequest::getBodyAsString).containsExactly("{\"n\":1}", "\"two\"", "3");
	}

	@Test
	void completingAStreamSendsAReasonOnlyWhenThereIsOne() {
		this.client.completeStream("chat", "c1", "s-1", null);
		this.client.completeStream("chat", "c1", "s-1", "producer failed");

		assertThat(service.requests()).extracting(LoggedRequest::getUrl)
			.containsExactly(STREAM + "/:complete?" + VERSION,
					STREAM + "/:complete?" + VERSION + "&reason=producer%20failed");
		assertThat(service.requests()).extracting((request) -> request.getBody().length).containsOnly(0);
	}

	@Test
	void aStreamTheClientCancelledIsNotFoundToItsProducer() {
		answer(STREAM + "/:send", aResponse().withStatus(404).withHeader("x-ms-error-code", "Error.Stream.NotExisted"));
		answer(STREAM + "/:complete", aResponse().withStatus(404));

		assertThatExceptionOfType(SignalRNotFoundException.class)
			.isThrownBy(() -> this.client.sendToStream("chat", "c1", "s-1", 1, false));
		assertThatExceptionOfType(SignalRNotFoundException.class)
			.isThrownBy(() -> this.client.completeStream("chat", "c1", "s-1", null));
		assertThat(service.requests()).hasSize(2);
	}

	@Test
	void generateTokenAsksTheServiceAndReturnsItsToken() {
		answer("/api/hubs/chat/:generateToken", json(200, "{\"token\":\"header.payload.signature\"}"));

		assertThat(this.client.generateToken("Chat", "alice", 60)).isEqualTo("header.payload.signature");
		assertThat(this.client.generateToken("chat", null, 5)).isEqualTo("header.payload.signature");

		assertThat(service.requests()).extracting((request) -> request.getMethod().getName()).containsOnly("POST");
		assertThat(service.requests()).extracting(LoggedRequest::getUrl)
			.containsExactly("/api/hubs/chat/:generateToken?" + VERSION + "&userId=alice&minutesToExpire=60",
					"/api/hubs/chat/:generateToken?" + VERSION + "&minutesToExpire=5");
	}

	@Test
	void generateTokenAnsweredWithoutATokenIsRejected() {
		answer("/api/hubs/chat/:generateToken", json(200, "{\"accessToken\":\"elsewhere\"}"));

		assertThatExceptionOfType(SignalRRejectedException.class)
			.isThrownBy(() -> this.client.generateToken("chat", "alice", 60))
			.withMessageContaining("no token");
	}

	@Test
	void on20220601TheOldOperationsNameThatVersion() {
		SignalRRestClient old = client(null, Duration.ofSeconds(2), "2022-06-01");

		old.sendToUser("chat", "alice", CONFIRM);
		old.addUserToGroup("chat", "ops", "alice", Duration.ofMinutes(1));
		old.closeConnection("chat", "c1", "bye");

		assertThat(service.requests()).extracting(LoggedRequest::getUrl)
			.containsExactly("/api/hubs/chat/users/alice/:send?api-version=2022-06-01",
					"/api/hubs/chat/users/alice/groups/ops?api-version=2022-06-01&ttl=60",
					"/api/hubs/chat/connections/c1?api-version=2022-06-01&reason=bye");
	}

	static Stream<Arguments> newOperations() {
		return Stream.of(newOperation("invoke", (c) -> c.invoke("chat", "c1", CONFIRM, Duration.ofSeconds(5))),
				newOperation("listConnectionsInGroup", (c) -> c.listConnectionsInGroup("chat", "ops", 10, null)),
				newOperation("execute", (c) -> c.execute("chat", "true", List.of(new SignalRCommand.JoinGroup("g")))),
				newOperation("sendToStream", (c) -> c.sendToStream("chat", "c1", "s-1", 1, true)),
				newOperation("completeStream", (c) -> c.completeStream("chat", "c1", "s-1", null)),
				newOperation("generateToken", (c) -> c.generateToken("chat", "alice", 60)));
	}

	static Arguments newOperation(String name, Consumer<SignalRClient> call) {
		return argumentSet(name, call);
	}

	@ParameterizedTest
	@MethodSource("newOperations")
	void on20220601TheNewOperationsAreNotImplementedBeforeAnythingIsSent(Consumer<SignalRClient> call) {
		SignalRRestClient old = client(null, Duration.ofSeconds(2), "2022-06-01");

		assertThatExceptionOfType(UnsupportedOperationVersionException.class).isThrownBy(() -> call.accept(old))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(501);
				assertThat(ex.getBody().getDetail()).contains("beacon.signalr.api-version is 2022-06-01",
						"needs SignalR REST API 2024-12-01");
			});
		assertThat(service.requests()).isEmpty();
	}

	private static SignalRRestClient client(@Nullable String application, Duration readTimeout, String apiVersion) {
		return RestClientFixture.client(service,
				RestClientFixture.properties(application, readTimeout, Duration.ofMillis(10), apiVersion),
				new SimpleMeterRegistry());
	}

	private static void answer(String path, ResponseDefinitionBuilder answer) {
		service.stubFor(post(urlPathEqualTo(path)).willReturn(answer));
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static JsonNode parse(String json) {
		return JsonMapper.shared().readTree(json);
	}

}
