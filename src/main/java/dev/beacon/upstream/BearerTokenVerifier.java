package dev.beacon.upstream;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.beacon.access.EntraTokenDecoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Checks the Entra access token SignalR Service sends upstream with managed-identity
 * authentication: for the configured resource, from one of the tenant's issuers, under
 * {@link EntraTokenDecoder}'s rules (RS256 by the tenant's published keys only), and of
 * one of the identities {@code beacon.upstream.auth.callers} names. A refusal says why in
 * a fixed sentence; the library's words go to the debug log.
 */
final class BearerTokenVerifier {

	private static final Log logger = LogFactory.getLog(BearerTokenVerifier.class);

	/** The claims that name the calling identity: client ID (v2, v1), object ID. */
	private static final List<String> IDENTITY_CLAIMS = List.of("azp", "appid", "oid");

	private final JwtDecoder decoder;

	private final Set<String> callers;

	BearerTokenVerifier(UpstreamAuthProperties properties, Clock clock) {
		// Created only when the properties are enabled(), that is name an audience
		String audience = Objects.requireNonNull(properties.audience(), "beacon.upstream.auth.audience");
		this.decoder = EntraTokenDecoder.create(audience, properties.acceptedIssuers(), properties.keys(), clock);
		this.callers = Set.copyOf(properties.allowedCallers());
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
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtException ex) {
			logger.debug("Upstream bearer token refused: " + ex.getMessage());
			return "the bearer token is not valid (" + EntraTokenDecoder.refusal(ex) + ")";
		}
		for (String claim : IDENTITY_CLAIMS) {
			String identity = jwt.getClaimAsString(claim);
			if (identity != null && this.callers.contains(identity)) {
				return null;
			}
		}
		// Any identity of the tenant can get a token for the audience
		logger.debug("Upstream bearer token of another identity refused: azp " + jwt.getClaimAsString("azp")
				+ ", appid " + jwt.getClaimAsString("appid") + ", oid " + jwt.getClaimAsString("oid"));
		return "the bearer token is not valid (its identity may not call the upstream)";
	}

}
