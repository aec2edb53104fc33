package dev.beacon.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import dev.beacon.endpoint.AccessKey;
import dev.beacon.support.TestKeys;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.security.SignatureException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AccessTokenIssuerTests {

	static final AccessKey KEY = new AccessKey(TestKeys.ACCESS_KEY);

	static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private final AccessTokenIssuer issuer = new AccessTokenIssuer(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void issueSignsWithUtf8KeyBytesAndSetsStandardClaims() {
		String token = this.issuer.issue(KEY, "https://foo.service.signalr.net/client/?hub=chat", Duration.ofHours(1),
				Map.of("nameid", "alice"));
		Claims claims = TestKeys.claims(token, TestKeys.ACCESS_KEY, NOW);
		assertThat(claims.getAudience()).containsExactly("https://foo.service.signalr.net/client/?hub=chat");
		assertThat(claims.getIssuedAt().toInstant()).isEqualTo(NOW);
		assertThat(claims.getNotBefore().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpiration().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		assertThat(claims.get("nameid", String.class)).isEqualTo("alice");
	}

	@Test
	void issueWritesHs256HeaderAndSingleStringAudience() {
		String token = this.issuer.issue(KEY, "aud-1", Duration.ofMinutes(5), Map.of());
		String[] parts = token.split("\\.");
		String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		assertThat(header).contains("\"alg\":\"HS256\"").doesNotContain("kid");
		assertThat(payload).contains("\"aud\":\"aud-1\"");
	}

	@Test
	void tokenSignedWithAnotherKeyFailsVerification() {
		String token = this.issuer.issue(KEY, "aud", Duration.ofMinutes(5), Map.of());
		assertThatExceptionOfType(SignatureException.class)
			.isThrownBy(() -> TestKeys.claims(token, TestKeys.OTHER_ACCESS_KEY, NOW));
	}

}
