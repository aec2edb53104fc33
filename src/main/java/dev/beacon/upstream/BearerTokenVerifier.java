package dev.beacon.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Checks the Entra access token SignalR Service sends upstream with managed-identity
 * authentication, with Spring Security's JOSE support rather than by hand: RS256 only (so
 * {@code alg: none} and HMAC tricks fail), a signature by one of the tenant's published
 * keys (fetched once, cached, re-fetched when an unknown key ID appears), {@code iss} one
 * of the tenant's issuers, {@code aud} exactly the configured resource, and
 * {@code exp}/{@code nbf} with a minute of clock skew.
 */
final class BearerTokenVerifier {

	private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(5);

	private final NimbusJwtDecoder decoder;

	BearerTokenVerifier(UpstreamAuthProperties properties, Clock clock) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(KEY_FETCH_TIMEOUT);
		requests.setReadTimeout(KEY_FETCH_TIMEOUT);
		this.decoder = NimbusJwtDecoder.withJwkSetUri(properties.keys().toString())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(new RestTemplate(requests))
			.build();
		JwtTimestampValidator lifetime = new JwtTimestampValidator(Duration.ofMinutes(1));
		lifetime.setClock(clock);
		List<String> issuers = properties.acceptedIssuers();
		String audience = properties.audience();
		this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(lifetime, required(JwtClaimNames.EXP),
				new JwtClaimValidator<String>(JwtClaimNames.ISS, issuers::contains),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && aud.contains(audience)))));
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
			return "the bearer token is not valid (" + ex.getMessage() + ")";
		}
	}

	private static OAuth2TokenValidator<Jwt> required(String claim) {
		return (jwt) -> jwt.hasClaim(claim) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new org.springframework.security.oauth2.core.OAuth2Error(
						"invalid_token", "The " + claim + " claim is missing", null));
	}

}
