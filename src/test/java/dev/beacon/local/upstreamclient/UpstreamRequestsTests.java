package dev.beacon.local.upstreamclient;

import java.net.URI;

import dev.beacon.local.access.LocalServiceEndpointProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The upstream URL of an event: whatever a client names as its invocation target, the
 * request goes to the path the template gives, never to another one.
 */
class UpstreamRequestsTests {

	private static final String TEMPLATE = "https://functions.example/api/{hub}/{category}/{event}?code=secret";

	private final UpstreamRequests requests = new UpstreamRequests(TEMPLATE,
			new LocalServiceEndpointProvider(null, "/local"));

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			chat    | connections | connected      | /api/chat/connections/connected
			chat.v2 | messages    | broadcast      | /api/chat%2Ev2/messages/broadcast
			chat    | messages    | a.b            | /api/chat/messages/a%2Eb
			chat    | messages    | ...            | /api/chat/messages/%2E%2E%2E
			chat    | messages    | send to/all+?# | /api/chat/messages/send%20to%2Fall%2B%3F%23
			""")
	void placeholdersAreFilledWithTheirValuesEscapedDotsIncluded(String hub, String category, String event,
			String path) {
		URI url = this.requests.url(hub, category, event);

		assertThat(url.getRawPath()).isEqualTo(path);
		assertThat(url.getRawQuery()).isEqualTo("code=secret");
		assertThat(url.normalize()).isEqualTo(url);
	}

	/**
	 * Escaping is not enough for these: servers decode {@code %2E} before removing dot
	 * segments (Tomcat maps {@code /api/chat/messages/%2E%2E} to {@code /api/chat}).
	 */
	@ParameterizedTest
	@ValueSource(strings = { ".", ".." })
	void aTargetThatIsADotSegmentIsRefused(String event) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.requests.url("chat", "messages", event))
			.withMessageContaining("'" + event + "'");
	}

}
