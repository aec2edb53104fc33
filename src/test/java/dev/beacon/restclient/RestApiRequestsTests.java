package dev.beacon.restclient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

import dev.beacon.credential.AccessKey;
import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.protocol.InvalidNameException;
import dev.beacon.protocol.RestLimits;
import dev.beacon.support.TestKeys;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Whatever names it is given, the REST client emits the path of the operation it was
 * asked for, or nothing: each name stays inside its own segment, and no segment is one a
 * server would normalise away.
 */
class RestApiRequestsTests {

	static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

	static final RestApiRequests requests = new RestApiRequests(null, ApiVersion.V2024_12_01);

	record Operation(String template, BiFunction<String, String, RestApiRequest> build) {
	}

	static final List<Operation> OPERATIONS = List.of(
			new Operation("/api/hubs/chat/users/{a}/:send", (a, b) -> requests.sendToUser("chat", a, BODY)),
			new Operation("/api/hubs/chat/groups/{a}/:send",
					(a, b) -> requests.sendToGroup("chat", a, BODY, List.of(b))),
			new Operation("/api/hubs/chat/connections/{a}/:send", (a, b) -> requests.sendToConnection("chat", a, BODY)),
			new Operation("/api/hubs/chat/:send", (a, b) -> requests.sendToAll("chat", BODY, List.of(a, b))),
			new Operation("/api/hubs/chat/groups/{a}/:closeConnections",
					(a, b) -> requests.closeGroup("chat", a, List.of(b), b)),
			new Operation("/api/hubs/chat/users/{a}/:closeConnections",
					(a, b) -> requests.closeUser("chat", a, List.of(), b)),
			new Operation("/api/hubs/chat/connections/{a}", (a, b) -> requests.closeConnection("chat", a, b)),
			new Operation("/api/hubs/chat/groups/{a}/connections/{b}",
					(a, b) -> requests.addConnectionToGroup("chat", a, b)),
			new Operation("/api/hubs/chat/groups/{a}/connections/{b}",
					(a, b) -> requests.removeConnectionFromGroup("chat", a, b)),
			new Operation("/api/hubs/chat/connections/{a}/groups",
					(a, b) -> requests.removeConnectionFromAllGroups("chat", a)),
			new Operation("/api/hubs/chat/users/{b}/groups/{a}", (a, b) -> requests.addUserToGroup("chat", a, b, null)),
			new Operation("/api/hubs/chat/users/{b}/groups/{a}", (a, b) -> requests.removeUserFromGroup("chat", a, b)),
			new Operation("/api/hubs/chat/users/{a}/groups", (a, b) -> requests.removeUserFromAllGroups("chat", a)),
			new Operation("/api/hubs/chat/connections/{a}", (a, b) -> requests.connectionExists("chat", a)),
			new Operation("/api/hubs/chat/users/{a}", (a, b) -> requests.userExists("chat", a)),
			new Operation("/api/hubs/chat/groups/{a}", (a, b) -> requests.groupExists("chat", a)),
			new Operation("/api/hubs/chat/users/{b}/groups/{a}", (a, b) -> requests.userInGroup("chat", a, b)));

	/** Characters that mean something in a path, a query or to a server. */
	static final String[] PIECES = { ".", "..", "/", "\\", "%", "%2E", "%2F", "?", "#", "&", "=", ";", "+", " ", "~",
			"a", "Z", "9", "日", "é", "\uD83D\uDE80", "\u0000", "\n", "\uD800", ":", "@", "[", "]" };

	@Test
	void hostileNamesNeverChangeTheOperationsPath() {
		Random random = new Random(20261201);
		int accepted = 0;
		int refused = 0;
		for (int i = 0; i < 20_000; i++) {
			Operation operation = OPERATIONS.get(random.nextInt(OPERATIONS.size()));
			String a = name(random);
			String b = name(random);
			RestApiRequest request;
			try {
				request = operation.build().apply(a, b);
			}
			catch (InvalidNameException ex) {
				refused++;
				continue;
			}
			accepted++;
			assertHasShape(request, operation.template(), a, b);
		}
		assertThat(accepted).as("accepted").isGreaterThan(5_000);
		assertThat(refused).as("refused").isGreaterThan(1_000);
	}

	@ParameterizedTest
	@ValueSource(strings = { ".", "..", "a/../b", "..\\x", "./" })
	void dotSegmentNamesAreRefusedForEveryOperation(String name) {
		for (Operation operation : OPERATIONS) {
			if (operation.template().contains("{a}")) {
				assertThatExceptionOfType(InvalidNameException.class)
					.isThrownBy(() -> operation.build().apply(name, "c1"))
					.as(operation.template());
			}
		}
	}

	@Test
	void aGroupNamedDotDotCanNeverBecomeABroadcast() {
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> requests.sendToGroup("notifications", "..", BODY, List.of()));
		RestApiRequest escaped = requests.sendToGroup("notifications", "%2E%2E", BODY, List.of());
		assertThat(escaped.path()).isEqualTo("/api/hubs/notifications/groups/%252E%252E/:send");
	}

	@Test
	void aRequestLongerThanTheLimitIsRefusedBeforeItIsSent() {
		List<String> excluded = java.util.Collections.nCopies(1000, "x".repeat(100));
		assertThatExceptionOfType(RequestTooLongException.class)
			.isThrownBy(() -> requests.sendToAll("chat", BODY, excluded))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains("excluded"));
	}

	@Test
	void theLongestAsciiNamesFitTheServicesRequestLine() {
		String longest = "u".repeat(1024);
		RestApiRequest request = requests.userInGroup("chat", longest, longest);
		assertThat(RestLimits.requestLine("PUT", request.target())).isLessThan(RestLimits.MAX_REQUEST_LINE);
	}

	@Test
	void theLongestRequestLineSentKeepsItsSignedHeadersWithinTheServicesLimit() {
		RestApiRequest longest = requests.sendToUser("chat", "€".repeat(885), BODY);
		URI service = URI.create("https://contoso.service.signalr.net");
		String audience = RequestSigner.audience(
				new ServiceEndpoint(service, service, service,
						new AccessKeyCredential(new AccessKey(TestKeys.ACCESS_KEY)), "1.0"),
				service.resolve(longest.target()));
		String token = new AccessTokenIssuer(Clock.systemUTC()).issue(new AccessKey(TestKeys.ACCESS_KEY), audience,
				Duration.ofMinutes(5), Map.of());

		assertThat(RestLimits.requestLine("POST", longest.target())).isGreaterThan(8_000);
		int headers = ("Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nHost: "
				+ "contoso.service.signalr.net\r\nContent-Length: 1000000\r\n")
			.length();
		assertThat(headers).isLessThan(RestLimits.MAX_HEADERS);
	}

	@Test
	void aValidNameLongerThanTheServiceReadsOnceEncodedIsRefusedBeforeItIsSentNamingTheLimit() {
		// 1,000 characters of three bytes each: a 9 KB path, which the service answers
		// 431
		String euros = "€".repeat(1000);
		assertThatExceptionOfType(RequestTooLongException.class)
			.isThrownBy(() -> requests.sendToUser("chat", euros, BODY))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains("request line of 9")
				.contains("8192 the service reads"));
		assertThatExceptionOfType(RequestTooLongException.class)
			.isThrownBy(() -> requests.userInGroup("chat", "g", euros));
		RestApiRequest justFits = requests.sendToUser("chat", "€".repeat(885), BODY);
		assertThat(RestLimits.requestLine("POST", justFits.target())).isBetween(8_000, RestLimits.MAX_REQUEST_LINE);
	}

	private static void assertHasShape(RestApiRequest request, String template, String a, String b) {
		String path = request.path();
		String[] segments = path.split("/", -1);
		String[] expected = template.split("/", -1);
		assertThat(segments).as(path).hasSameSizeAs(expected);
		for (int i = 0; i < expected.length; i++) {
			switch (expected[i]) {
				case "{a}" -> assertThat(UriUtils.decode(segments[i], StandardCharsets.UTF_8)).isEqualTo(a);
				case "{b}" -> assertThat(UriUtils.decode(segments[i], StandardCharsets.UTF_8)).isEqualTo(b);
				default -> assertThat(segments[i]).isEqualTo(expected[i]);
			}
			assertThat(segments[i]).isNotIn(".", "..");
		}
		URI uri = URI.create("https://name.service.signalr.net" + request.target());
		assertThat(uri.normalize()).isEqualTo(uri);
		assertThat(uri.getRawPath()).isEqualTo(path);
		assertThat(uri.getRawFragment()).isNull();
	}

	private static String name(Random random) {
		StringBuilder name = new StringBuilder();
		int pieces = 1 + random.nextInt(4);
		for (int i = 0; i < pieces; i++) {
			name.append(PIECES[random.nextInt(PIECES.length)]);
		}
		return name.toString();
	}

}
