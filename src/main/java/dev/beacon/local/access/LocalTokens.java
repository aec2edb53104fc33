package dev.beacon.local.access;

import java.net.URI;

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
 */
public final class LocalTokens {

	private final JwtParser parser;

	public LocalTokens(LocalServiceEndpointProvider endpoints) {
		this.parser = Jwts.parser().verifyWith(AccessTokenIssuer.secretKey(endpoints.accessKey())).build();
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
		Claims claims = verify(token);
		String audience = pathAndQuery(claims);
		if (!audience.endsWith("/client/?hub=" + hub)) {
			throw new LocalAuthenticationException("The access token is not for hub '" + hub + "'");
		}
		return claims;
	}

	/**
	 * Verifies a REST token: its audience must be the request's path (relative to the
	 * local service) with the signed query ({@code api-version}, {@code application}), or
	 * the same path without a query, as the REST reference documents.
	 */
	public void rest(@Nullable String token, String path, String signedQuery) {
		String audience = pathAndQuery(verify(token));
		if (!audience.equals(path) && !audience.equals(path + "?" + signedQuery)) {
			throw new LocalAuthenticationException("The access token's audience does not match " + path);
		}
	}

	private Claims verify(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw new LocalAuthenticationException("An access token is required (Authorization: Bearer)");
		}
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
