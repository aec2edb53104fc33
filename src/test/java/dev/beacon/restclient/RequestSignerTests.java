package dev.beacon.restclient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.endpoint.ConnectionStringParser;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.support.MovableClock;
import dev.beacon.support.TestKeys;
import dev.beacon.token.AccessTokenIssuer;
import io.jsonwebtoken.Claims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signer alone: the audience rule against the endpoint a request was sent to, and the
 * token cache, with a clock the test moves.
 */
class RequestSignerTests {

	static final Duration LIFETIME = Duration.ofMinutes(5);

	static final ServiceEndpoint AZURE = ConnectionStringParser.parse(TestKeys
		.connectionString("https://foo.service.signalr.net;Port=8443;ServerEndpoint=http://internal.example:8080"));

	static final ServiceEndpoint OTHER_KEY = ConnectionStringParser
		.parse(TestKeys.connectionString("https://foo.service.signalr.net", TestKeys.OTHER_ACCESS_KEY));

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final RequestSigner signer = new RequestSigner(new AccessTokenIssuer(this.clock), LIFETIME);

	private final List<String> sent = new ArrayList<>();

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"http://internal.example:8080/api/hubs/chat/:send?api-version=2022-06-01|https://foo.service.signalr.net/api/hubs/chat/:send?api-version=2022-06-01",
			"http://internal.example:8080/api/hubs/chat/groups/a%2Fb/:send?excluded=c1&api-version=2022-06-01|https://foo.service.signalr.net/api/hubs/chat/groups/a%2Fb/:send?api-version=2022-06-01",
			"http://internal.example:8080/api/hubs/chat/connections/c1?api-version=2022-06-01&reason=bye|https://foo.service.signalr.net/api/hubs/chat/connections/c1?api-version=2022-06-01" })
	void audienceIsTheEndpointsHostWithoutPortAndThePathWhereverTheCallGoes(String url, String audience) {
		assertThat(RequestSigner.audience(AZURE, URI.create(url))).isEqualTo(audience);
	}

	@Test
	void requestIsSignedForItsAudienceWithTheEndpointsKeyForTheLifetime() throws Exception {
		sign(AZURE, "http://internal.example:8080/api/hubs/chat/users/alice/:send?api-version=2022-06-01");

		Claims claims = TestKeys.bearerClaims(this.sent.getFirst(), TestKeys.ACCESS_KEY, this.clock.instant());
		assertThat(claims.getAudience())
			.containsExactly("https://foo.service.signalr.net/api/hubs/chat/users/alice/:send?api-version=2022-06-01");
		assertThat(claims.getExpiration().toInstant()).isEqualTo(this.clock.instant().plus(LIFETIME));
	}

	@Test
	void tokensAreReusedPerKeyAndAudienceUntilAFifthOfTheirLifetimeIsLeft() throws Exception {
		String alice = "http://internal.example:8080/api/hubs/chat/users/alice/:send?api-version=2022-06-01";
		sign(AZURE, alice);
		sign(AZURE, alice + "&excluded=c1");
		sign(AZURE, "http://internal.example:8080/api/hubs/chat/users/bob/:send?api-version=2022-06-01");
		sign(OTHER_KEY, "https://foo.service.signalr.net/api/hubs/chat/users/alice/:send?api-version=2022-06-01");
		this.clock.move(LIFETIME.multipliedBy(4).dividedBy(5).minusSeconds(1));
		sign(AZURE, alice);
		this.clock.move(Duration.ofSeconds(1));
		sign(AZURE, alice);

		assertThat(this.sent.get(1)).isEqualTo(this.sent.get(0));
		assertThat(this.sent.get(2)).isNotEqualTo(this.sent.get(0));
		assertThat(this.sent.get(3)).isNotEqualTo(this.sent.get(0));
		assertThat(TestKeys.bearerClaims(this.sent.get(3), TestKeys.OTHER_ACCESS_KEY, this.clock.instant()))
			.isNotNull();
		assertThat(this.sent.get(4)).isEqualTo(this.sent.get(0));
		assertThat(this.sent.get(5)).isNotEqualTo(this.sent.get(0));
	}

	private void sign(ServiceEndpoint endpoint, String url) {
		this.sent.add(this.signer.authorization(endpoint, URI.create(url)));
	}

}
