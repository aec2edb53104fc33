package dev.beacon.messages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.restclient.SignalRBatches;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRNotFoundException;
import dev.beacon.restclient.SignalRPartialFailureException;
import dev.beacon.restclient.SignalRUnavailableException;
import dev.beacon.restclient.UserMessageSentEvent;
import dev.beacon.support.WebSliceConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.times;

/**
 * The batch endpoint as a web slice, the SignalR client mocked: every message sent as the
 * single endpoint sends it and answered in order with its own outcome, and every invalid
 * batch refused whole, naming the message and field, with nothing sent.
 */
@WebMvcTest(controllers = BatchController.class, properties = { "beacon.api.keys=" + API_KEY })
@Import({ WebSliceConfiguration.class, Publishing.class, BatchChecks.class, MessagesSliceConfiguration.class,
		BatchControllerTests.Config.class })
class BatchControllerTests {

	static final String BATCH = "/api/hubs/Chat/messages:batch";

	static final SignalRMessage MESSAGE = SignalRMessage.of("newOrder", 42);

	@Autowired
	MockMvcTester mvc;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	SentEvents sent;

	@Autowired
	SignalRBatches batches;

	@MockitoBean
	SignalRClient client;

	@BeforeEach
	void forgetEventsAndCounts() {
		this.sent.events.clear();
		this.meterRegistry.clear();
	}

	@Test
	void everyMessageIsSentAsTheSingleEndpointSendsItAndAnsweredInOrder() {
		MvcTestResult result = batch(message(",\"userId\":\"alice\",\"id\":\"m-1\""), message(""),
				message(",\"groupName\":\"ops\",\"excluded\":[\"c1\"]"), message(",\"connectionId\":\"c2\""),
				message(",\"userId\":\"bob\""));

		assertThat(result).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"accepted\":5,\"failed\":0,\"results\":[{\"index\":0,\"id\":\"m-1\",\"status\":202},"
					+ "{\"index\":1,\"status\":202},{\"index\":2,\"status\":202},{\"index\":3,\"status\":202},"
					+ "{\"index\":4,\"status\":202}]}");
		assertThat(result).bodyJson().extractingPath("$.results[*].index").isEqualTo(List.of(0, 1, 2, 3, 4));
		assertThat(result).bodyJson().doesNotHavePath("$.results[0].detail");
		then(this.client).should().sendToUser("chat", "alice", MESSAGE);
		then(this.client).should().sendToAll("chat", MESSAGE, List.of());
		then(this.client).should().sendToGroup("chat", "ops", MESSAGE, List.of("c1"));
		then(this.client).should().sendToConnection("chat", "c2", MESSAGE);
		then(this.client).should().sendToUser("chat", "bob", MESSAGE);
		then(this.client).shouldHaveNoMoreInteractions();
		assertThat(this.sent.events).extracting(UserMessageSentEvent::userId).containsExactlyInAnyOrder("alice", "bob");
		assertThat(this.sent.events).filteredOn((event) -> event.userId().equals("alice"))
			.singleElement()
			.satisfies((event) -> assertThat(event.id()).isEqualTo("m-1"));
		assertThat(count("message.user", "success")).isEqualTo(2);
		assertThat(count("message.broadcast", "success")).isOne();
		assertThat(count("message.group", "success")).isOne();
		assertThat(count("message.connection", "success")).isOne();
	}

	@Test
	void onlyTheMessagesTheServiceRefusedAreReportedFailedEachWithItsOwnAnswer() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/chat/users/bob/:send", "throttled",
				Duration.ofSeconds(7), null))
			.given(this.client)
			.sendToUser("chat", "bob", MESSAGE);
		willThrow(new SignalRPartialFailureException("POST", "/api/hubs/chat/users/carol/:send", List.of("east"),
				Map.of("west", "connection refused")))
			.given(this.client)
			.sendToUser("chat", "carol", MESSAGE);
		willThrow(new SignalRNotFoundException("POST", "/api/hubs/chat/connections/gone/:send", "no such connection",
				null))
			.given(this.client)
			.sendToConnection("chat", "gone", MESSAGE);

		MvcTestResult result = batch(message(",\"userId\":\"alice\""), message(",\"userId\":\"bob\",\"id\":\"b\""),
				message(",\"userId\":\"carol\",\"id\":\"c\""), message(",\"connectionId\":\"gone\""),
				message(",\"groupName\":\"ops\""));

		assertThat(result).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"accepted\":2,\"failed\":3,\"results\":[{\"index\":0,\"status\":202},"
					+ "{\"index\":1,\"id\":\"b\",\"status\":503,\"retryAfter\":7},"
					+ "{\"index\":2,\"id\":\"c\",\"status\":502,\"accepted\":[\"east\"],"
					+ "\"failed\":{\"west\":\"connection refused\"}},{\"index\":3,\"status\":404},"
					+ "{\"index\":4,\"status\":202}]}");
		assertThat(result).bodyJson().extractingPath("$.results[1].detail").asString().contains("throttled");
		assertThat(result).bodyJson()
			.extractingPath("$.results[2].detail")
			.asString()
			.contains("retrying would repeat it where it was taken");
		// Taken by some instance: kept for the inbox, as the single endpoint does.
		assertThat(this.sent.events).extracting(UserMessageSentEvent::id).hasSize(2).contains("c").doesNotContain("b");
		assertThat(count("message.user", "success")).isOne();
		assertThat(count("message.user", "failure")).isEqualTo(2);
		assertThat(count("message.connection", "failure")).isOne();
		assertThat(count("message.group", "success")).isOne();
	}

	@Test
	void aBatchEveryMessageOfWhichFailedStillAnswers200WithEachFailure() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/chat/:send", "down", null, null))
			.given(this.client)
			.sendToAll("chat", MESSAGE, List.of());

		assertThat(batch(message(""), message(""), message(""))).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"accepted\":0,\"failed\":3,\"results\":[{\"index\":0,\"status\":503,"
					+ "\"retryAfter\":5},{\"index\":1,\"status\":503,\"retryAfter\":5},"
					+ "{\"index\":2,\"status\":503,\"retryAfter\":5}]}");
		assertThat(count("message.broadcast", "failure")).isEqualTo(3);
	}

	@Test
	void anUnexpectedErrorFailsOnlyItsOwnMessageAndRevealsNothing() {
		willThrow(new IllegalStateException("secret internals")).given(this.client)
			.sendToUser("chat", "alice", MESSAGE);

		MvcTestResult result = batch(message(",\"userId\":\"alice\""), message(",\"userId\":\"bob\""));

		assertThat(result).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"accepted\":1,\"failed\":1,\"results\":[{\"index\":0,\"status\":500,"
					+ "\"detail\":\"Beacon failed unexpectedly; the error was logged\"},{\"index\":1,\"status\":202}]}");
		assertThat(result).bodyText().doesNotContain("secret");
	}

	@Test
	void aFullBatchIsSentAtMostTheBatchShareAtOnceAndAnsweredInOrder() {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		willAnswer((invocation) -> {
			most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			// A sleep, not a wait: each send takes a moment, so concurrent sends overlap
			Thread.sleep(1);
			inFlight.decrementAndGet();
			return null;
		}).given(this.client).sendToUser(anyString(), anyString(), any());

		MvcTestResult result = batch(IntStream.range(0, BatchRequest.MAX_MESSAGES)
			.mapToObj((i) -> message(",\"userId\":\"user-" + i + "\",\"id\":\"m-" + i + "\""))
			.toArray(String[]::new));

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.accepted").isEqualTo(1000);
		assertThat(result).bodyJson()
			.extractingPath("$.results[*].id")
			.isEqualTo(IntStream.range(0, 1000).mapToObj((i) -> "m-" + i).toList());
		then(this.client).should(times(1000)).sendToUser(anyString(), anyString(), any());
		assertThat(most.get()).isBetween(1, this.batches.concurrency());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "{}|messages: must not be null",
			"{\"messages\":[]}|messages: size must be between 1 and 1000",
			"{\"messages\":[{\"target\":\"a\"},{\"target\":\" \"}]}|messages[1].target: must not be blank",
			"{\"messages\":[{\"target\":\"a\"},null]}|messages[1]: must not be null",
			"{\"messages\":[{\"target\":\"t\",\"userId\":\"a\",\"groupName\":\"g\"}]}|messages[0]: at most one of userId, groupName, connectionId and filter may be set",
			"{\"messages\":[{\"target\":\"t\",\"userId\":\"a\",\"excluded\":[\"c\"]}]}|messages[0]: excluded applies only to a broadcast or a group",
			"{\"messages\":[{\"target\":\"t\",\"id\":\"\"}]}|messages[0].id: size must be between 1 and 128",
			"{\"messages\":[{\"target\":\"t\"},{\"target\":\"t\",\"userId\":\"..\"}]}|messages[1].userId: Invalid user name: must not be '.' or '..'",
			"{\"messages\":[{\"target\":\"t\",\"groupName\":\" \"}]}|messages[0].groupName: Invalid group name",
			"{\"messages\":[{\"target\":\"t\",\"connectionId\":\"\"}]}|messages[0].connectionId: Invalid connectionId name",
			"{\"messages\":[{\"target\":\"t\",\"excluded\":[\"a\\u0000\"]}]}|messages[0].excluded: Invalid connectionId name: must not contain control characters",
			"{\"messages\":[{\"target\":\"t\",\"arguments\":\"x\"}]}|not valid JSON",
			"{\"messages\":{\"target\":\"t\"}}|not valid JSON",
			"{\"messages\":[{\"target\":\"t\"},{\"target\":\"t\",\"user\":\"a\"}]}|messages[1]: \"user\" is not a property; did you mean \"userId\"?",
			"{\"messages\":[{\"target\":\"t\",\"GroupName\":\"g\",\"groupName\":\"h\"}]}|messages[0]: \"GroupName\" and \"groupName\" are the same property",
			"{\"userId\":\"a\",\"messages\":[{\"target\":\"t\"}]}|\"userId\" is not a property; the properties are \"messages\"" })
	void anInvalidBatchIsABadRequestNamingTheMessageAndFieldAndSendsNothing(String body, String detail) {
		assertRefused(request(BATCH).content(body), HttpStatus.BAD_REQUEST, detail);
	}

	@Test
	void moreThanAThousandMessagesAreRefusedWhole() {
		String[] messages = IntStream.range(0, 1001).mapToObj((i) -> message("")).toArray(String[]::new);

		assertRefused(request(BATCH).content(body(messages)), HttpStatus.BAD_REQUEST,
				"messages: size must be between 1 and 1000");
	}

	@Test
	void problemsAreListedInMessageOrderAndCountedPastTwenty() {
		String[] messages = IntStream.range(0, 30)
			.mapToObj((i) -> (i == 3) ? message("") : "{\"target\":\"\"}")
			.toArray(String[]::new);

		MvcTestResult result = assertRefused(request(BATCH).content(body(messages)), HttpStatus.BAD_REQUEST,
				"; and 9 more");
		String expected = IntStream.range(0, 21)
			.filter((i) -> i != 3)
			.mapToObj((i) -> "messages[" + i + "].target: must not be blank")
			.collect(Collectors.joining("; "));
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(expected + "; and 9 more");
	}

	@Test
	void aMessageWhoseRequestUrlWouldBeTooLongRefusesTheBatch() {
		List<String> excluded = new ArrayList<>();
		for (int i = 0; i < 900; i++) {
			excluded.add("\"connection-" + "x".repeat(20) + i + "\"");
		}
		String tooLong = message(",\"groupName\":\"ops\",\"excluded\":[" + String.join(",", excluded) + "]");

		assertRefused(request(BATCH).content(body(message(""), tooLong)), HttpStatus.BAD_REQUEST,
				"messages[1].excluded: The request to SignalR Service would have a request line of");
	}

	@Test
	void anUnknownHubIsNotFoundAndAMissingKeyUnauthorizedAndNeitherSendsAnything() {
		assertRefused(request("/api/hubs/other/messages:batch").content(body(message(""))), HttpStatus.NOT_FOUND,
				"Hub 'other' is not configured");
		assertRefused(this.mvc.post().uri(BATCH).contentType(MediaType.APPLICATION_JSON).content(body(message(""))),
				HttpStatus.UNAUTHORIZED, "API key is required");
	}

	private MvcTestResult batch(String... messages) {
		return request(BATCH).content(body(messages)).exchange();
	}

	private MockMvcRequestBuilder request(String uri) {
		return this.mvc.post().uri(uri).header("X-API-Key", API_KEY).contentType(MediaType.APPLICATION_JSON);
	}

	private static String message(String recipient) {
		return "{\"target\":\"newOrder\",\"arguments\":[42]" + recipient + "}";
	}

	private static String body(String... messages) {
		return "{\"messages\":[" + String.join(",", messages) + "]}";
	}

	private MvcTestResult assertRefused(MockMvcRequestBuilder request, HttpStatus status, String detail) {
		MvcTestResult result = PublishAnswers.assertProblem(request, status, detail);
		then(this.client).shouldHaveNoInteractions();
		return result;
	}

	private double count(String kind, String outcome) {
		return PublishAnswers.published(this.meterRegistry, kind, outcome);
	}

	/** Events of every thread: a batch sends from its own. */
	static class SentEvents {

		final List<UserMessageSentEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void sent(UserMessageSentEvent event) {
			this.events.add(event);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		SignalRBatches signalrBatches() {
			SignalRProperties defaults = SignalRProperties.defaults();
			return new SignalRBatches(defaults.withHubs("notifications", List.of("Chat"), null)
				.withRestClient(defaults.connectTimeout(), defaults.readTimeout(), defaults.retry(), 8, "2024-12-01"));
		}

		@Bean
		SentEvents sentEvents() {
			return new SentEvents();
		}

	}

}
