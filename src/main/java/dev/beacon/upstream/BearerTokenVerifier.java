package dev.beacon.upstream;

import java.time.Clock;
import java.util.Objects;

import dev.beacon.access.EntraTokenDecoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Checks the Entra access token SignalR Service sends upstream with managed-identity
 * authentication: for the configured resource, from one of the tenant's issuers, under
 * {@link EntraTokenDecoder}'s rules (RS256 by the tenant's published keys only). A
 * refusal says why in a fixed sentence; the library's words go to the debug log.
 */
final class BearerTokenVerifier {

	private static final Log logger = LogFactory.getLog(BearerTokenVerifier.class);

	private final JwtDecoder decoder;

	BearerTokenVerifier(UpstreamAuthProperties properties, Clock clock) {
		// Created only when the properties are enabled(), that is name an audience
		String audience = Objects.requireNonNull(properties.audience(), "beacon.upstream.auth.audience");
		this.decoder = EntraTokenDecoder.create(audience, properties.acceptedIssuers(), properties.keys(), clock);
	}

	/**
	 * Checks a token.
	 * @param token the bearer token, or null when the request had none
	 * @return null when valid, else why not (never the token)
	 */
	@Nullable String check(@Nullable String token) {
		if (token == null) {
			return "Authorization: Bearer is missing";
		}
		try {
			this.decoder.decode(token);
			return null;
		}
		catch (JwtException ex) {
			logger.debug("Upstream bearer token refused: " + ex.getMessage());
			return "the bearer token is not valid (" + EntraTokenDecoder.refusal(ex) + ")";
		}
	}

}
