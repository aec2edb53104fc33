package dev.beacon.access;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Checks Entra ID access tokens with Spring Security's JOSE support rather than by hand:
 * RS256 only (so {@code alg: none} and HMAC tricks fail), a signature by one of the
 * tenant's published keys (fetched once, cached, re-fetched when an unknown key ID
 * appears), {@code iss} one of the accepted issuers, {@code aud} containing the
 * configured audience, and {@code exp}/{@code nbf} with a minute of clock skew. Used for
 * publishers' tokens and for the service's upstream token alike.
 */
public final class EntraTokenDecoder {

	/** Where Entra ID publishes a tenant's keys and issues its v2.0 tokens. */
	public static final String LOGIN = "https://login.microsoftonline.com/";

	private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(5);

	private EntraTokenDecoder() {
	}

	/**
	 * A tenant's two issuers: v1.0 tokens name {@code sts.windows.net}, v2.0 tokens
	 * login.
	 */
	public static List<String> tenantIssuers(@Nullable String tenantId) {
		return List.of("https://sts.windows.net/" + tenantId + "/", LOGIN + tenantId + "/v2.0");
	}

	/** Where a tenant's signing keys are published. */
	public static URI tenantKeys(@Nullable String tenantId) {
		return URI.create(LOGIN + tenantId + "/discovery/v2.0/keys");
	}

	/**
	 * A decoder that accepts only valid tokens for one audience.
	 * @param audience what {@code aud} must contain
	 * @param issuers the accepted {@code iss} values
	 * @param keys where the signing keys are published
	 * @param clock the time tokens are checked at
	 * @return the decoder; it throws {@code JwtException} for any token it refuses
	 */
	public static JwtDecoder create(String audience, List<String> issuers, URI keys, Clock clock) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(KEY_FETCH_TIMEOUT);
		requests.setReadTimeout(KEY_FETCH_TIMEOUT);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(keys.toString())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(new RestTemplate(requests))
			.build();
		JwtTimestampValidator lifetime = new JwtTimestampValidator(Duration.ofMinutes(1));
		lifetime.setClock(clock);
		List<String> accepted = List.copyOf(issuers);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(lifetime, required(JwtClaimNames.EXP),
				new JwtClaimValidator<String>(JwtClaimNames.ISS, accepted::contains),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && aud.contains(audience)))));
		return decoder;
	}

	private static OAuth2TokenValidator<Jwt> required(String claim) {
		return (jwt) -> jwt.hasClaim(claim) ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
			.failure(new OAuth2Error("invalid_token", "The " + claim + " claim is missing", null));
	}

}
