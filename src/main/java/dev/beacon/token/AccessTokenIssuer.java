package dev.beacon.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.beacon.endpoint.AccessKey;
import io.jsonwebtoken.Jwts;

import org.springframework.stereotype.Component;

/**
 * Mints JWTs the way SignalR Service expects them: HS256 keyed with the UTF-8 bytes of
 * the AccessKey, a single-string {@code aud}, and {@code iat}, {@code nbf}, {@code exp}
 * in seconds. No {@code kid}: for access keys the service ignores it.
 */
@Component
public class AccessTokenIssuer {

	private final Clock clock;

	public AccessTokenIssuer(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Mints a token.
	 * @param key the signing key
	 * @param audience the {@code aud} claim
	 * @param lifetime time from now to {@code exp}
	 * @param claims further claims such as {@code nameid}
	 * @return the compact JWT
	 */
	public String issue(AccessKey key, String audience, Duration lifetime, Map<String, ?> claims) {
		Instant now = this.clock.instant();
		Instant expiry = now.plus(lifetime);
		return Jwts.builder()
			.claims(claims)
			.audience()
			.single(audience)
			.issuedAt(Date.from(now))
			.notBefore(Date.from(now))
			.expiration(Date.from(expiry))
			.signWith(secretKey(key), Jwts.SIG.HS256)
			.compact();
	}

	public Instant now() {
		return this.clock.instant();
	}

	static SecretKey secretKey(AccessKey key) {
		return new SecretKeySpec(key.bytes(), "HmacSHA256");
	}

}
