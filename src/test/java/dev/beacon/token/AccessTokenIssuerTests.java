package dev.beacon.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.TestKeys;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SignatureException;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AccessTokenIssuerTests {

	static final AccessKey KEY = new AccessKey(TestKeys.ACCESS_KEY);

	/** A key as the service's access-key API hands it out for Microsoft Entra ID. */
	static final AccessKey ENTRA_KEY = new AccessKey(TestKeys.OTHER_ACCESS_KEY, "key-1");

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

	@Test
	void keyWithAnIdNamesItInTheKidHeader() {
		String token = this.issuer.issue(ENTRA_KEY, "aud", Duration.ofMinutes(5), Map.of());

		assertThat(header(token)).isEqualTo(Map.of("alg", "HS256", "typ", "JWT", "kid", "key-1"));
	}

	@Test
	void keyWithoutAnIdHasNoKidHeader() {
		String token = this.issuer.issue(KEY, "aud", Duration.ofMinutes(5), Map.of());

		assertThat(header(token)).isEqualTo(Map.of("alg", "HS256", "typ", "JWT"));
	}

	@Test
	void tokenWithAKidVerifiesWithTheKeyBytes() {
		String token = this.issuer.issue(ENTRA_KEY, "https://foo.service.signalr.net/client/?hub=chat",
				Duration.ofHours(1), Map.of("nameid", "alice"));

		Jws<Claims> verified = verify(token, ENTRA_KEY);
		assertThat(verified.getHeader().getKeyId()).isEqualTo("key-1");
		assertThat(verified.getPayload().getAudience())
			.containsExactly("https://foo.service.signalr.net/client/?hub=chat");
		assertThat(verified.getPayload().get("nameid", String.class)).isEqualTo("alice");
	}

	@Test
	void sameKeyValueWithAndWithoutAnIdKeepsItsOwnHeader() {
		AccessKey issued = new AccessKey(TestKeys.ACCESS_KEY, "key-2");

		String plain = this.issuer.issue(KEY, "aud", Duration.ofMinutes(5), Map.of());
		String withId = this.issuer.issue(issued, "aud", Duration.ofMinutes(5), Map.of());
		String plainAgain = this.issuer.issue(KEY, "aud", Duration.ofMinutes(5), Map.of());

		assertThat(header(plain)).doesNotContainKey("kid");
		assertThat(header(withId)).containsEntry("kid", "key-2");
		assertThat(header(plainAgain)).doesNotContainKey("kid");
	}

	@Test
	void everyKeyOfManyRotationsSignsWithItsOwnBytesAndId() {
		// More keys than the issuer caches (64), twice: past the bound, and after it.
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 70; i++) {
				AccessKey rotated = new AccessKey(TestKeys.ACCESS_KEY + i, "key-" + i);
				String token = this.issuer.issue(rotated, "aud", Duration.ofMinutes(5), Map.of());
				assertThat(verify(token, rotated).getHeader().getKeyId()).isEqualTo("key-" + i);
			}
		}
	}

	private static Map<String, Object> header(String token) {
		byte[] json = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
		return JsonMapper.shared().readValue(json, new TypeReference<>() {
		});
	}

	private static Jws<Claims> verify(String token, AccessKey key) {
		return Jwts.parser()
			.verifyWith(Keys.hmacShaKeyFor(key.bytes()))
			.clock(() -> Date.from(NOW))
			.build()
			.parseSignedClaims(token);
	}

}
