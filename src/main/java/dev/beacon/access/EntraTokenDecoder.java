package dev.beacon.access;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Checks Entra ID access tokens with Spring Security's JOSE support rather than by hand:
 * RS256 only (so {@code alg: none} and HMAC tricks fail), a signature by one of the
 * tenant's published keys (fetched once and kept, fetched again when an unknown key ID
 * appears but at most once a minute: {@link PublishedKeys}), {@code iss} one of the
 * accepted issuers, {@code aud} containing the configured audience, and
 * {@code exp}/{@code nbf} with a minute of clock skew. Used for publishers' tokens and
 * for the service's upstream token alike. Why a token was refused is told to its sender
 * as a fixed sentence per cause ({@link #refusal}): the library's own words can hold the
 * key set's address and the network's error.
 */
public final class EntraTokenDecoder {

	/** Where Entra ID publishes a tenant's keys and issues its v2.0 tokens. */
	public static final String LOGIN = "https://login.microsoftonline.com/";

	private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(5);

	static final String EXPIRED = "it has expired";

	static final String NOT_YET_VALID = "it is not valid yet (nbf)";

	static final String NO_EXPIRY = "it has no expiry (exp)";

	static final String OTHER_ISSUER = "its issuer (iss) is not accepted";

	static final String OTHER_AUDIENCE = "it is for another audience (aud)";

	static final String NOT_SIGNED = "it is malformed, or not signed (RS256) by one of its issuer's published keys";

	static final String KEYS_UNAVAILABLE = "it could not be checked: its issuer's signing keys are unavailable";

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
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSource(new PublishedKeys(keys, new RestTemplate(requests), clock))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		JwtTimestampValidator lifetime = new JwtTimestampValidator(Duration.ofMinutes(1));
		lifetime.setClock(clock);
		List<String> accepted = List.copyOf(issuers);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				List.of(lifetime(lifetime, clock), required(JwtClaimNames.EXP, NO_EXPIRY),
						refusing(new JwtClaimValidator<String>(JwtClaimNames.ISS, accepted::contains), OTHER_ISSUER),
						refusing(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
								(aud) -> aud != null && aud.contains(audience)), OTHER_AUDIENCE))));
		return decoder;
	}

	/**
	 * Why a token was refused, fit for its sender: one of a few fixed sentences, never
	 * the library's message (log that at debug level if needed).
	 * @param refused what the decoder threw
	 * @return the sentence
	 */
	public static String refusal(JwtException refused) {
		if (refused instanceof JwtValidationException invalid) {
			// Every validator here describes its failure with one of the sentences above
			return invalid.getErrors()
				.stream()
				.map(OAuth2Error::getDescription)
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(NOT_SIGNED);
		}
		// Not a bad token but no way to check it: the key set could not be had
		return (refused instanceof BadJwtException) ? NOT_SIGNED : KEYS_UNAVAILABLE;
	}

	private static OAuth2TokenValidator<Jwt> lifetime(JwtTimestampValidator lifetime, Clock clock) {
		return (jwt) -> {
			if (!lifetime.validate(jwt).hasErrors()) {
				return OAuth2TokenValidatorResult.success();
			}
			Instant expiresAt = jwt.getExpiresAt();
			return failure((expiresAt != null && clock.instant().isAfter(expiresAt)) ? EXPIRED : NOT_YET_VALID);
		};
	}

	private static OAuth2TokenValidator<Jwt> required(String claim, String reason) {
		return (jwt) -> jwt.hasClaim(claim) ? OAuth2TokenValidatorResult.success() : failure(reason);
	}

	private static OAuth2TokenValidator<Jwt> refusing(OAuth2TokenValidator<Jwt> validator, String reason) {
		return (jwt) -> validator.validate(jwt).hasErrors() ? failure(reason) : OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult failure(String reason) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", reason, null));
	}

}
