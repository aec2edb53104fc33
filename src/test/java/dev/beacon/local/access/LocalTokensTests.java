package dev.beacon.local.access;

import java.time.Duration;
import java.util.Map;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.MovableClock;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A REST token is checked once and remembered by its exact text, but never past its
 * expiry, and a remembered token proves nothing for another audience or another text.
 */
class LocalTokensTests {

	static final String KEY = "TOKENSTOKENSTOKENSTOKENSTOKENSTOKENSTOKEN123";

	private final MovableClock clock = new MovableClock(java.time.Instant.now());

	private final LocalTokens tokens = new LocalTokens(new LocalServiceEndpointProvider(KEY, "/local"), this.clock);

	private final AccessTokenIssuer issuer = new AccessTokenIssuer(this.clock);

	@Test
	void aRememberedTokenIsRefusedOnceItExpires() {
		String token = rest("/api/hubs/chat/:send", Duration.ofMinutes(1));
		assertThatNoException().isThrownBy(() -> this.tokens.rest(token, "/api/hubs/chat/:send", ""));
		assertThatNoException().isThrownBy(() -> this.tokens.rest(token, "/api/hubs/chat/:send", ""));

		this.clock.move(Duration.ofSeconds(61));

		assertThatExceptionOfType(LocalAuthenticationException.class)
			.isThrownBy(() -> this.tokens.rest(token, "/api/hubs/chat/:send", ""))
			.withMessageContaining("expired");
	}

	@Test
	void aRememberedTokenIsStillOnlyForItsOwnPathAndAnAlteredOneIsChecked() {
		String token = rest("/api/hubs/chat/:send", Duration.ofMinutes(5));
		this.tokens.rest(token, "/api/hubs/chat/:send", "");

		assertThatExceptionOfType(LocalAuthenticationException.class)
			.isThrownBy(() -> this.tokens.rest(token, "/api/hubs/chat/users/alice/:send", ""));
		String altered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
		assertThatExceptionOfType(LocalAuthenticationException.class)
			.isThrownBy(() -> this.tokens.rest(altered, "/api/hubs/chat/:send", ""));
	}

	private String rest(String path, Duration lifetime) {
		return this.issuer.issue(new AccessKey(KEY), "http://localhost" + path, lifetime, Map.of());
	}

}
