package dev.beacon.restclient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.endpoint.ConfiguredEndpoint;
import dev.beacon.endpoint.EndpointRouter;
import dev.beacon.endpoint.EndpointType;
import dev.beacon.endpoint.RoutedServiceEndpointProvider;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.IntNode;

import org.springframework.web.ErrorResponseException;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Listing a group's connections ({@code GET .../groups/{group}/connections}, 2024-12-01)
 * on one instance and on two, and a client result on two: the service's own paging
 * (absolute {@code nextLink}, names in any case, {@code userId} null or absent) becomes
 * Beacon's continuation token, which walks every instance in turn and gives each only its
 * own tokens.
 */
class SignalRRestClientGroupListingTests {

	@RegisterExtension
	static final FakeSignalRService east = new FakeSignalRService().withAccessKey(TestKeys.ACCESS_KEY);

	@RegisterExtension
	static final FakeSignalRService west = new FakeSignalRService().withAccessKey(TestKeys.OTHER_ACCESS_KEY);

	static final String LIST = "/api/hubs/chat/groups/ops/connections";

	static final String FIRST_PAGE = LIST + "?api-version=2024-12-01&maxpagesize=1";

	private final RestClientFixture.Settings settings = RestClientFixture.properties(null, Duration.ofSeconds(2),
			Duration.ofMillis(10));

	@Test
	void anAnswerThatIsNotAPageIsAnErrorNeverAnEmptyGroup() {
		SignalRRestClient client = RestClientFixture.client(east, this.settings, new SimpleMeterRegistry());
		page(east, null, "");

		assertThatExceptionOfType(SignalRRejectedException.class)
			.isThrownBy(() -> client.listConnectionsInGroup("chat", "ops", 1, null))
			.withMessageContaining("without its value array");
	}

	@Test
	void pagesFollowTheServicesNextLinkUntilItHasNone() {
		SignalRRestClient client = RestClientFixture.client(east, this.settings, new SimpleMeterRegistry());
		page(east, null, "{\"value\":[{\"connectionId\":\"c1\",\"userId\":\"alice\"}],\"nextLink\":\""
				+ east.uri(LIST + "?api-version=2024-12-01&maxpagesize=1&continuationToken=page%2B2") + "\"}");
		page(east, "page+2", "{\"Value\":[{\"ConnectionId\":\"c2\",\"userId\":null}],\"nextlink\":\""
				+ east.uri(LIST + "?continuationToken=page%2F3&maxpagesize=1") + "\"}");
		page(east, "page/3", "{\"value\":[{\"connectionId\":\"c3\"}]}");

		GroupMembersPage first = client.listConnectionsInGroup("Chat", "ops", 1, null);
		GroupMembersPage second = client.listConnectionsInGroup("chat", "ops", 1, first.continuationToken());
		GroupMembersPage third = client.listConnectionsInGroup("chat", "ops", 1, second.continuationToken());

		assertThat(first.members()).containsExactly(new GroupMember("c1", "alice"));
		assertThat(second.members()).containsExactly(new GroupMember("c2", null));
		assertThat(third.members()).containsExactly(new GroupMember("c3", null));
		assertThat(third.continuationToken()).isNull();
		// Beacon's own tokens, safe in a URL as they are.
		assertThat(List.of(first.continuationToken(), second.continuationToken()))
			.allSatisfy((token) -> assertThat(token).matches("[A-Za-z0-9_-]+").doesNotContain("page"));
		assertThat(urls(east)).containsExactly(FIRST_PAGE, FIRST_PAGE + "&continuationToken=page%2B2",
				FIRST_PAGE + "&continuationToken=page%2F3");
		assertThat(east.requests()).extracting((request) -> request.getMethod().getName()).containsOnly("GET");
	}

	@Test
	void maxPageSizeIsSentAsGiven() {
		SignalRRestClient client = RestClientFixture.client(east, this.settings, new SimpleMeterRegistry());
		page(east, null, "{\"value\":[]}");

		GroupMembersPage page = client.listConnectionsInGroup("chat", "ops", 200, null);

		assertThat(page.members()).isEmpty();
		assertThat(page.continuationToken()).isNull();
		assertThat(urls(east)).containsExactly(LIST + "?api-version=2024-12-01&maxpagesize=200");
	}

	@Test
	void aGroupTheServiceDoesNotKnowIsOneEmptyLastPage() {
		SignalRRestClient client = RestClientFixture.client(east, this.settings, new SimpleMeterRegistry());

		GroupMembersPage page = client.listConnectionsInGroup("chat", "ops", 1, null);

		assertThat(page.members()).isEmpty();
		assertThat(page.continuationToken()).isNull();
		assertThat(east.requests()).hasSize(1);
	}

	@Test
	void aContinuationTokenNamingAnUnknownInstanceIsABadRequestAndNothingIsSent() {
		SignalRRestClient client = RestClientFixture.client(east, this.settings, new SimpleMeterRegistry());
		String elsewhere = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("nowhere\npage+2".getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> client.listConnectionsInGroup("chat", "ops", 1, elsewhere))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(400);
				assertThat(ex.getBody().getTitle()).isEqualTo("Invalid continuation token");
				assertThat(ex.getBody().getDetail()).contains("not online");
			});
		assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> client.listConnectionsInGroup("chat", "ops", 1, "not base64!"))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400));
		assertThat(east.requests()).isEmpty();
	}

	@Test
	void withTwoInstancesThePagesOfTheFirstComeBeforeThoseOfTheSecondEachSentOnlyItsOwnTokens() {
		SignalRRestClient client = RestClientFixture.client(bothInstances(), this.settings, new SimpleMeterRegistry());
		twoPages(east, "e1", "east-2", "e2");
		twoPages(west, "w1", "west-2", "w2");

		GroupMembersPage first = client.listConnectionsInGroup("chat", "ops", 1, null);
		GroupMembersPage second = client.listConnectionsInGroup("chat", "ops", 1, first.continuationToken());
		GroupMembersPage third = client.listConnectionsInGroup("chat", "ops", 1, second.continuationToken());
		GroupMembersPage fourth = client.listConnectionsInGroup("chat", "ops", 1, third.continuationToken());

		assertThat(List.of(first, second, third, fourth)).flatMap(GroupMembersPage::members)
			.extracting(GroupMember::connectionId)
			.containsExactly("e1", "e2", "w1", "w2");
		assertThat(List.of(first, second, third))
			.allSatisfy((page) -> assertThat(page.continuationToken()).isNotNull());
		assertThat(fourth.continuationToken()).isNull();
		assertThat(urls(east)).containsExactly(FIRST_PAGE, FIRST_PAGE + "&continuationToken=east-2");
		assertThat(urls(west)).containsExactly(FIRST_PAGE, FIRST_PAGE + "&continuationToken=west-2");
	}

	@Test
	void withTwoInstancesAnEmptyFirstInstanceIsSkippedToTheNext() {
		SignalRRestClient client = RestClientFixture.client(bothInstances(), this.settings, new SimpleMeterRegistry());
		page(east, null, "{\"value\":[]}");
		page(west, null, "{\"value\":[{\"connectionId\":\"w1\",\"userId\":\"bob\"}]}");

		GroupMembersPage page = client.listConnectionsInGroup("chat", "ops", 1, null);

		assertThat(page.members()).containsExactly(new GroupMember("w1", "bob"));
		assertThat(page.continuationToken()).isNull();
		assertThat(urls(east)).containsExactly(FIRST_PAGE);
		assertThat(urls(west)).containsExactly(FIRST_PAGE);
	}

	@Test
	void withTwoInstancesAnEmptyLastPageOfTheFirstMovesOnWithoutPassingItsTokenToTheSecond() {
		SignalRRestClient client = RestClientFixture.client(bothInstances(), this.settings, new SimpleMeterRegistry());
		twoPages(east, "e1", "east-2", null);
		page(west, null, "{\"value\":[{\"connectionId\":\"w1\"}]}");

		GroupMembersPage first = client.listConnectionsInGroup("chat", "ops", 1, null);
		GroupMembersPage second = client.listConnectionsInGroup("chat", "ops", 1, first.continuationToken());

		assertThat(first.members()).extracting(GroupMember::connectionId).containsExactly("e1");
		assertThat(second.members()).extracting(GroupMember::connectionId).containsExactly("w1");
		assertThat(second.continuationToken()).isNull();
		assertThat(urls(east)).containsExactly(FIRST_PAGE, FIRST_PAGE + "&continuationToken=east-2");
		assertThat(urls(west)).containsExactly(FIRST_PAGE);
	}

	@Test
	void withTwoInstancesInvokeAnswersWhatTheConnectionsInstanceAnswered() {
		SignalRRestClient client = RestClientFixture.client(bothInstances(), this.settings, new SimpleMeterRegistry());
		east.stubFor(post(urlPathEqualTo("/api/hubs/chat/connections/c1/:invoke")).willReturn(json("{\"result\":7}")));

		assertThat(client.invoke("chat", "c1", SignalRMessage.of("count"), Duration.ofSeconds(5)))
			.isEqualTo(IntNode.valueOf(7));
		assertThatExceptionOfType(SignalRNotFoundException.class)
			.isThrownBy(() -> client.invoke("chat", "gone", SignalRMessage.of("count"), Duration.ofSeconds(5)));
		assertThat(east.requests()).hasSize(2);
		assertThat(west.requests()).hasSize(2);
	}

	/**
	 * Two pages on one instance: the first's nextLink carries the service's token; the
	 * second has one member, or none.
	 */
	private static void twoPages(FakeSignalRService service, String first, String token, @Nullable String second) {
		page(service, null, "{\"value\":[{\"connectionId\":\"" + first + "\"}],\"nextLink\":\""
				+ service.uri(LIST + "?api-version=2024-12-01&maxpagesize=1&continuationToken=" + token) + "\"}");
		page(service, token,
				(second != null) ? "{\"value\":[{\"connectionId\":\"" + second + "\"}]}" : "{\"value\":[]}");
	}

	private static void page(FakeSignalRService service, @Nullable String token, String body) {
		service.stubFor(get(urlPathEqualTo(LIST))
			.withQueryParam("continuationToken", (token != null) ? equalTo(token) : absent())
			.willReturn(json(body)));
	}

	private static ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static List<String> urls(FakeSignalRService service) {
		return service.requests().stream().map(LoggedRequest::getUrl).toList();
	}

	private static RoutedServiceEndpointProvider bothInstances() {
		return new RoutedServiceEndpointProvider(
				List.of(endpoint("east", EndpointType.PRIMARY, east), endpoint("west", EndpointType.SECONDARY, west)),
				EndpointRouter.random(), Clock.systemUTC(), Duration.ofSeconds(1));
	}

	private static ServiceEndpoint endpoint(String name, EndpointType type, FakeSignalRService service) {
		return new ConfiguredEndpoint(name, name, type, service.connectionString()).parse((identity) -> {
			throw new IllegalStateException("No Entra ID here");
		});
	}

}
