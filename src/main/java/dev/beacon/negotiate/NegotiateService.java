package dev.beacon.negotiate;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;

/**
 * Builds the redirect a client follows: the service's client URL for the hub and a token
 * whose {@code aud} is exactly that URL.
 */
@Service
class NegotiateService {

	/**
	 * The service refuses longer tokens; browsers also carry them in the query string.
	 */
	static final int MAX_TOKEN_LENGTH = 4096;

	private final ServiceEndpointProvider endpoints;

	private final AccessTokenIssuer tokens;

	private final NegotiateProperties properties;

	private final MeterRegistry meterRegistry;

	NegotiateService(ServiceEndpointProvider endpoints, AccessTokenIssuer tokens, NegotiateProperties properties,
			MeterRegistry meterRegistry) {
		this.endpoints = endpoints;
		this.tokens = tokens;
		this.properties = properties;
		this.meterRegistry = meterRegistry;
	}

	NegotiateResponse negotiate(String hub, URI requestOrigin, ClientIdentity identity) {
		ServiceEndpoint endpoint = this.endpoints.forClient(requestOrigin);
		String url = endpoint.clientUrl(hub);
		Map<String, Object> claims = new LinkedHashMap<>();
		if (identity.userId() != null) {
			claims.put("nameid", identity.userId());
		}
		if (identity.name() != null) {
			claims.put("unique_name", identity.name());
		}
		if (!identity.roles().isEmpty()) {
			claims.put("role", identity.roles());
		}
		String token = this.tokens.issue(endpoint.accessKey(), url, this.properties.tokenLifetime(), claims);
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new TokenTooLongException(token.length());
		}
		this.meterRegistry
			.counter("beacon.negotiate.tokens", "hub", hub, "user", (identity.userId() != null) ? "known" : "anonymous")
			.increment();
		return new NegotiateResponse(url, token);
	}

}
