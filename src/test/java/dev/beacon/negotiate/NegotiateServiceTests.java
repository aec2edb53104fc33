package dev.beacon.negotiate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import dev.beacon.credential.EntraCredential;
import dev.beacon.endpoint.ConnectionStringParser;
import dev.beacon.endpoint.Hubs;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.support.TestKeys;
import dev.beacon.system.ServiceUnavailableException;
import dev.beacon.token.AccessTokenIssuer;
import io.jsonwebtoken.Claims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.beacon.support.TestKeys.ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@ExtendWith(OutputCaptureExtension.class)
class NegotiateServiceTests {

	static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	static Stream<Arguments> negotiations() {
		return Stream.of(
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY, "Notifications",
						ClientIdentity.ANONYMOUS, "https://foo.service.signalr.net/client/?hub=notifications", null),
				arguments("Endpoint=http://localhost;Port=8888;AccessKey=" + ACCESS_KEY, "chat",
						new ClientIdentity("alice", "Alice", List.of()), "http://localhost:8888/client/?hub=chat",
						"alice"),
				arguments(
						"Endpoint=https://foo.service.signalr.net;ClientEndpoint=https://edge.example.com;AccessKey="
								+ ACCESS_KEY,
						"Chat", new ClientIdentity("bob@example.com", null, List.of("admin")),
						"https://edge.example.com/client/?hub=chat", "bob@example.com"));
	}

	@ParameterizedTest
	@MethodSource("negotiations")
	void negotiateReturnsClientUrlAndTokenWhoseAudienceIsThatUrl(String connectionString, String hub,
			ClientIdentity identity, String expectedUrl, String expectedNameId) {
		ServiceEndpoint endpoint = ConnectionStringParser.parse(connectionString);
		NegotiateService service = new NegotiateService(fixed(endpoint),
				new AccessTokenIssuer(Clock.fixed(NOW, ZoneOffset.UTC)),
				new NegotiateProperties(Duration.ofMinutes(30), NegotiateProperties.UserIdSource.NONE, false),
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new Hubs("notifications", List.of()));

		NegotiateResponse response = service.negotiate(hub, URI.create("http://beacon.local:8080"), identity);

		assertThat(response.url()).isEqualTo(expectedUrl);
		Claims claims = TestKeys.claims(response.accessToken(), ACCESS_KEY, NOW);
		assertThat(claims.getAudience()).containsExactly(expectedUrl);
		assertThat(claims.getExpiration().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
		assertThat(claims.getIssuedAt().toInstant()).isEqualTo(NOW);
		assertThat(claims.get("nameid", String.class)).isEqualTo(expectedNameId);
		if (!identity.roles().isEmpty()) {
			assertThat(claims.get("role", List.class)).isEqualTo(identity.roles());
		}
		assertThat(response.toString()).doesNotContain(response.accessToken());
	}

	@org.junit.jupiter.api.Test
	void withAnApplicationNameClientsGoToTheApplicationsHubAsTheRestClientNamesIt() {
		ServiceEndpoint endpoint = ConnectionStringParser
			.parse("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY);
		NegotiateService service = new NegotiateService(fixed(endpoint),
				new AccessTokenIssuer(Clock.fixed(NOW, ZoneOffset.UTC)),
				new NegotiateProperties(Duration.ofMinutes(30), NegotiateProperties.UserIdSource.NONE, false),
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
				new Hubs("notifications", List.of("Chat"), "Shop"));

		NegotiateResponse response = service.negotiate("chat", URI.create("http://beacon.local:8080"),
				ClientIdentity.ANONYMOUS);

		assertThat(response.url()).isEqualTo("https://foo.service.signalr.net/client/?hub=shop_chat");
		assertThat(TestKeys.claims(response.accessToken(), ACCESS_KEY, NOW).getAudience())
			.containsExactly(response.url());
	}

	static ServiceEndpointProvider fixed(ServiceEndpoint endpoint) {
		return new dev.beacon.endpoint.FixedServiceEndpointProvider(endpoint);
	}

	static Stream<ClientIdentity> identitiesTheUpstreamCouldNotCarry() {
		return Stream.of(new ClientIdentity("eve, role: admin", null, List.of()),
				new ClientIdentity("eve", "Eve, role: admin", List.of()),
				new ClientIdentity("eve", "Eve", List.of("reader, role: admin")));
	}

	/**
	 * The service's upstream claims header separates claims with ", ": a name that holds
	 * one would reach hub methods as a forged claim, so no token is minted for it.
	 */
	@ParameterizedTest
	@MethodSource("identitiesTheUpstreamCouldNotCarry")
	void claimValuesWithTheClaimSeparatorAreRefused(ClientIdentity identity) {
		ServiceEndpoint endpoint = ConnectionStringParser
			.parse("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY);
		NegotiateService service = new NegotiateService(fixed(endpoint),
				new AccessTokenIssuer(Clock.fixed(NOW, ZoneOffset.UTC)),
				new NegotiateProperties(Duration.ofMinutes(30), NegotiateProperties.UserIdSource.NONE, false),
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new Hubs("notifications", List.of()));

		assertThatExceptionOfType(dev.beacon.protocol.InvalidClaimException.class)
			.isThrownBy(() -> service.negotiate("chat", URI.create("http://beacon.local:8080"), identity))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400))
			.withMessageContaining("', '");
	}

	/**
	 * Anyone may negotiate: its 503 says only that the service is unavailable, while why
	 * (identities, private endpoints, the identity library's words) goes to the log once.
	 */
	@Test
	void aServiceWithoutASigningKeyAnswers503SayingOnlyThatAndLogsTheReasonOnce(CapturedOutput output) {
		ServiceEndpoint endpoint = ConnectionStringParser.parse("Endpoint=https://foo.service.signalr.net;"
				+ "ServerEndpoint=https://signalr-private.internal.example;AuthType=azure.msi;ClientId=uami-4711");
		String reason = "Microsoft Entra ID gave no token for SignalR Service to user-assigned managed identity "
				+ "uami-4711: ManagedIdentityCredential authentication unavailable at https://signalr-private.internal.example";
		((EntraCredential) endpoint.credential()).keyFailed(reason);
		NegotiateService service = new NegotiateService(fixed(endpoint),
				new AccessTokenIssuer(Clock.fixed(NOW, ZoneOffset.UTC)),
				new NegotiateProperties(Duration.ofMinutes(30), NegotiateProperties.UserIdSource.NONE, false),
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new Hubs("notifications", List.of()));

		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(ServiceUnavailableException.class)
				.isThrownBy(() -> service.negotiate("notifications", URI.create("http://beacon.local:8080"),
						ClientIdentity.ANONYMOUS))
				.satisfies((ex) -> {
					assertThat(ex.getBody().getDetail()).isEqualTo(NegotiateService.UNAVAILABLE);
					assertThat(ex.getBody().toString()).doesNotContain("uami-4711", "internal.example", "Entra");
					assertThat(ex.getHeaders().getFirst("Retry-After")).isNotNull();
				});
		}
		assertThat(output.getAll().split(java.util.regex.Pattern.quote(reason), -1)).hasSize(2);
	}

}
