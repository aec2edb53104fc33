package dev.beacon.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.system.BearerTokens;
import dev.beacon.system.InvalidSettingException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Turns the credential a request presents into its {@link Caller}: {@code X-API-Key}, or
 * {@code Authorization: Bearer} holding either an API key or, when
 * {@code beacon.api.auth.audience} is set, an Entra ID access token: a bearer value
 * shaped like a JWT ({@code eyJ...}, three dot-separated parts) is checked as a token,
 * anything else as a key.
 */
@Component
public class Callers {

	static final String HEADER = "X-API-Key";

	private static final Log logger = LogFactory.getLog(Callers.class);

	/** How long a verified token is taken on its text alone, at most. */
	static final Duration REMEMBERED = Duration.ofMinutes(5);

	/** How many verified tokens are remembered; past it the memory starts afresh. */
	static final int REMEMBERED_TOKENS = 10_000;

	private final ApiKeys keys;

	private final @Nullable JwtDecoder tokens;

	private final Clock clock;

	// Checking a token's RS256 signature and claims costs more than the rest of a
	// publish:
	// a token already verified is known by its exact text until it expires (or for five
	// minutes, so a key withdrawn from the tenant's set stops working soon after)
	private final Map<String, Verified> verified = new ConcurrentHashMap<>();

	Callers(ApiKeys keys, ApiAccessProperties properties, ObjectProvider<Clock> clock) {
		this.keys = keys;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
		this.tokens = decoder(properties.auth(), this.clock);
	}

	private static @Nullable JwtDecoder decoder(ApiAccessProperties.Auth auth, Clock clock) {
		String audience = auth.audience();
		if (audience == null || !auth.enabled()) {
			return null;
		}
		boolean ownIssuers = !auth.issuers().isEmpty() && auth.jwkSetUri() != null;
		if (auth.tenantId() == null && !ownIssuers) {
			throw new InvalidSettingException("beacon.api.auth.tenant-id",
					"beacon.api.auth.audience is set, so publishers may present Entra ID tokens: set "
							+ "beacon.api.auth.tenant-id (or both beacon.api.auth.issuers and beacon.api.auth.jwk-set-uri)");
		}
		List<String> issuers = ownIssuers ? auth.issuers() : EntraTokenDecoder.tenantIssuers(auth.tenantId());
		logger.info("Publishers may present Entra ID tokens for " + audience + " from " + issuers);
		return EntraTokenDecoder.create(audience, issuers,
				(auth.jwkSetUri() != null) ? auth.jwkSetUri() : EntraTokenDecoder.tenantKeys(auth.tenantId()), clock);
	}

	/**
	 * Who a request is.
	 * @param request the request
	 * @return its caller
	 * @throws UnauthorizedException when it presents no credential or one that is not
	 * valid
	 */
	Caller resolve(HttpServletRequest request) {
		String header = request.getHeader(HEADER);
		if (header != null && !header.isBlank()) {
			return orRefuse(this.keys.callerOf(header.strip()), "The API key is not valid");
		}
		String bearer = BearerTokens.from(request);
		if (bearer == null) {
			throw new UnauthorizedException("An API key is required: send " + HEADER
					+ ": <key>, or Authorization: Bearer <key or Entra ID token>");
		}
		JwtDecoder tokens = this.tokens;
		if (tokens != null && looksLikeToken(bearer)) {
			return fromToken(tokens, bearer);
		}
		return orRefuse(this.keys.callerOf(bearer), "The API key is not valid");
	}

	/** The caller of a request if its credential is valid, else null; never throws. */
	@Nullable Caller tryResolve(HttpServletRequest request) {
		try {
			return resolve(request);
		}
		catch (UnauthorizedException ex) {
			return null;
		}
	}

	private static Caller orRefuse(@Nullable Caller caller, String detail) {
		if (caller == null) {
			throw new UnauthorizedException(detail);
		}
		return caller;
	}

	private static boolean looksLikeToken(String bearer) {
		return bearer.startsWith("eyJ") && bearer.chars().filter((c) -> c == '.').count() == 2;
	}

	private Caller fromToken(JwtDecoder tokens, String token) {
		Instant now = this.clock.instant();
		Verified known = this.verified.get(token);
		if (known != null && now.isBefore(known.until())) {
			return known.caller();
		}
		Jwt jwt;
		try {
			jwt = tokens.decode(token);
		}
		catch (JwtException ex) {
			logger.debug("Bearer token refused: " + ex.getMessage());
			throw new UnauthorizedException("The bearer token is not valid (" + EntraTokenDecoder.refusal(ex) + ")");
		}
		Caller caller = new Caller(nameOf(jwt), scopesOf(jwt.getClaim("roles")), "token");
		Instant until = now.plus(REMEMBERED);
		if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		if (this.verified.size() >= REMEMBERED_TOKENS) {
			this.verified.clear();
		}
		this.verified.put(token, new Verified(caller, until));
		return caller;
	}

	private record Verified(Caller caller, Instant until) {
	}

	// v2.0 tokens name the calling app in azp, v1.0 tokens in appid
	private static String nameOf(Jwt jwt) {
		for (String claim : List.of("azp", "appid", "sub")) {
			String value = jwt.getClaimAsString(claim);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return "unnamed-token";
	}

	// App roles named like scopes; other roles mean nothing here
	private static Set<Scope> scopesOf(@Nullable Object roles) {
		Set<Scope> scopes = EnumSet.noneOf(Scope.class);
		if (roles instanceof Collection<?> names) {
			for (Object name : names) {
				Scope scope = (name instanceof String text) ? Scope.named(text) : null;
				if (scope != null) {
					scopes.add(scope);
				}
			}
		}
		return scopes;
	}

}
