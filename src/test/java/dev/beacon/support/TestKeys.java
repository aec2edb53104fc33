package dev.beacon.support;

import dev.beacon.credential.AccessKey;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * The access keys tests sign with, and the one independent check of what Beacon signs:
 * jjwt, keyed with a key's UTF-8 bytes as the service does, never Beacon's own code.
 */
public final class TestKeys {

	/** The key of Microsoft's local emulator; PROTOCOL.md's worked examples use it. */
	public static final String ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

	/** A second valid key, for "signed with another key" cases. */
	public static final String OTHER_ACCESS_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210ZYXWVUTS";

	/**
	 * The full-access API key ({@code beacon.api.keys}) tests publish with: one key, so
	 * tests alike in everything else share an application context. Beacon refuses keys
	 * shorter than 32 characters.
	 */
	public static final String API_KEY = "beacon-test-api-key-0123456789abcdef";

	/**
	 * The local service's key ({@code beacon.local.access-key}) for tests that sign its
	 * tokens or upstream calls themselves; at least 32 bytes, as Beacon requires.
	 */
	public static final String LOCAL_ACCESS_KEY = "LOCALTESTKEYLOCALTESTKEYLOCALTESTKEY12345678";

	private static final String BEARER = "Bearer ";

	private TestKeys() {
	}

	/**
	 * A connection string for an endpoint, with {@link #ACCESS_KEY} as its AccessKey.
	 * @param endpoint the {@code Endpoint}, e.g. {@code https://foo.service.signalr.net}
	 * @return the connection string
	 */
	public static String connectionString(String endpoint) {
		return connectionString(endpoint, ACCESS_KEY);
	}

	public static String connectionString(String endpoint, String accessKey) {
		return "Endpoint=" + endpoint + ";AccessKey=" + accessKey + ";Version=1.0;";
	}

	/**
	 * A connection string for a service on this machine.
	 * @param port the service's port
	 * @param accessKey the key
	 * @return {@code Endpoint=http://localhost;Port=<port>;...}
	 */
	public static String localConnectionString(int port, String accessKey) {
		return connectionString("http://localhost;Port=" + port, accessKey);
	}

	/**
	 * Verifies a token's HS256 signature and lifetime now, and reads its claims.
	 * @param token the compact JWT
	 * @param accessKey the key it must be signed with
	 * @return the claims
	 * @throws io.jsonwebtoken.JwtException if the token is not valid
	 */
	public static Claims claims(String token, String accessKey) {
		return parse(parser(accessKey), token);
	}

	/**
	 * Verifies a token as of a given instant, for tokens minted with a fixed clock.
	 * @param token the compact JWT
	 * @param accessKey the key it must be signed with
	 * @param now the instant to check its lifetime against
	 * @return the claims
	 */
	public static Claims claims(String token, String accessKey, Instant now) {
		return parse(parser(accessKey).clock(() -> Date.from(now)), token);
	}

	/**
	 * Verifies a token as of a given instant and reads its header as well, for the
	 * {@code kid} of a key the service issued.
	 * @param token the compact JWT
	 * @param accessKey the key it must be signed with
	 * @param now the instant to check its lifetime against
	 * @return the header and claims
	 */
	public static Jws<Claims> signed(String token, String accessKey, Instant now) {
		return parser(accessKey).clock(() -> Date.from(now)).build().parseSignedClaims(token);
	}

	/**
	 * Verifies the token of an {@code Authorization: Bearer <token>} header.
	 * @param authorization the header's value
	 * @param accessKey the key it must be signed with
	 * @return the claims
	 */
	public static Claims bearerClaims(String authorization, String accessKey) {
		return claims(bearerToken(authorization), accessKey);
	}

	/**
	 * Verifies the token of an {@code Authorization: Bearer <token>} header as of a given
	 * instant.
	 * @param authorization the header's value
	 * @param accessKey the key it must be signed with
	 * @param now the instant to check its lifetime against
	 * @return the claims
	 */
	public static Claims bearerClaims(String authorization, String accessKey, Instant now) {
		return claims(bearerToken(authorization), accessKey, now);
	}

	private static String bearerToken(String authorization) {
		if (authorization == null || !authorization.startsWith(BEARER)) {
			throw new AssertionError("Expected 'Authorization: Bearer <token>', got " + authorization);
		}
		return authorization.substring(BEARER.length());
	}

	private static JwtParserBuilder parser(String accessKey) {
		return Jwts.parser().verifyWith(Keys.hmacShaKeyFor(accessKey.getBytes(StandardCharsets.UTF_8)));
	}

	private static Claims parse(JwtParserBuilder parser, String token) {
		return parser.build().parseSignedClaims(token).getPayload();
	}

}
