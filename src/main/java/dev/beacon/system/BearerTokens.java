package dev.beacon.system;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads a bearer token from {@code Authorization: Bearer <token>}, the one place that
 * parses the header.
 */
public final class BearerTokens {

	private static final String PREFIX = "Bearer ";

	private BearerTokens() {
	}

	/**
	 * The token of a request's {@code Authorization} header.
	 * @param request the request
	 * @return the token, or null when there is no bearer token
	 */
	public static @Nullable String from(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			String token = authorization.substring(PREFIX.length()).strip();
			return token.isEmpty() ? null : token;
		}
		return null;
	}

}
