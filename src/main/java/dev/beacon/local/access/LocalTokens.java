package dev.beacon.local.access;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.system.BearerTokens;
import dev.beacon.token.AccessTokenIssuer;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Checks the tokens the local service receives: HS256 only (no {@code none}, no other
 * algorithm), signed with the local key, not expired, and for this resource. Audiences
 * are compared by path and query, ignoring scheme, host and port, since clients reach
 * Beacon through whatever host mapping they have.
 * <p>
 * A token once verified is remembered by its exact text (signature included) until it
 * expires: callers sign a token per target and reuse it (Beacon's REST client does, as
 * the SDK does), and checking the same signature again cost a tenth of a client result's
 * CPU. Nothing but the same bytes can hit the memory, so it never accepts what a check
 * would refuse; expiry is checked on every use.
 */
public final class LocalTokens {

	/** Verified tokens remembered at most; past it the memory starts over. */
	static final int MAX_REMEMBERED = 10_000;

	private final JwtParser parser;

	private final Clock clock;

	private final Map<String, Verified> verified = new ConcurrentHashMap<>();

	public LocalTokens(LocalServiceEndpointProvider endpoints, Clock clock) {
		this.clock = clock;
		this.parser = Jwts.parser()
			.verifyWith(AccessTokenIssuer.secretKey(endpoints.accessKey()))
			.clock(() -> Date.from(clock.instant()))
			.build();
	}

	/**
	 * Reads the bearer token of a request: the {@code Authorization} header, else the
	 * {@code access_token} query parameter browsers use where they cannot set headers.
	 */
	public static @Nullable String bearer(HttpServletRequest request) {
		String token = BearerTokens.from(request);
		return (token != null) ? token : request.getParameter("access_token");
	}

	/**
	 * Verifies a client token for a hub.
	 * @return the token's claims
	 */
	public Claims client(@Nullable String token, String hub) {
		Verified checked = verify(token);
		if (!checked.audience().endsWith("/client/?hub=" + hub)) {
			throw new LocalAuthenticationException("The access token is not for hub '" + hub + "'");
		}
		return checked.claims();
	}

	/**
	 * Verifies a REST token: its audience must be the request's path (relative to the
	 * local service) with the signed query ({@code api-version}, {@code application}), or
	 * the same path without a query, as the REST reference documents.
	 */
	public void rest(@Nullable String token, String path, String signedQuery) {
		String audience = verify(token).audience();
		if (!audience.equals(path) && !audience.equals(path + "?" + signedQuery)) {
			throw new LocalAuthenticationException("The access token's audience does not match " + path);
		}
	}

	private Verified verify(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw new LocalAuthenticationException("An access token is required (Authorization: Bearer)");
		}
		Verified known = this.verified.get(token);
		if (known != null) {
			if (!this.clock.instant().isBefore(known.expires())) {
				this.verified.remove(token);
				throw new LocalAuthenticationException("The access token has expired");
			}
			return known;
		}
		Claims claims = check(token);
		Verified checked = new Verified(claims, pathAndQuery(claims), claims.getExpiration().toInstant());
		if (this.verified.size() >= MAX_REMEMBERED) {
			this.verified.clear();
		}
		this.verified.put(token, checked);
		return checked;
	}

	private Claims check(String token) {
		try {
			var jws = this.parser.parseSignedClaims(token);
			if (!"HS256".equals(jws.getHeader().getAlgorithm())) {
				throw new LocalAuthenticationException("The access token must be signed with HS256");
			}
			Claims claims = jws.getPayload();
			if (claims.getExpiration() == null) {
				throw new LocalAuthenticationException("The access token has no expiry");
			}
			return claims;
		}
		catch (io.jsonwebtoken.ExpiredJwtException ex) {
			throw new LocalAuthenticationException("The access token has expired");
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new LocalAuthenticationException("The access token is not valid for this service");
		}
	}

	/**
	 * A token that passed every check: its claims, its audience's path and query, and
	 * when it stops being valid.
	 */
	private record Verified(Claims claims, String audience, Instant expires) {
	}

	private static String pathAndQuery(Claims claims) {
		String audience = (claims.getAudience() != null && !claims.getAudience().isEmpty())
				? claims.getAudience().iterator().next() : "";
		try {
			URI uri = URI.create(audience);
			return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		}
		catch (IllegalArgumentException ex) {
			throw new LocalAuthenticationException("The access token's audience is not a URL");
		}
	}

}
