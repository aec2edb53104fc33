package dev.beacon.negotiate;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.endpoint.Hubs;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.protocol.ClientClaims;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.Counter;
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

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Map<String, ClientUrl> clientUrls = new ConcurrentHashMap<>();

	private final Hubs hubs;

	NegotiateService(ServiceEndpointProvider endpoints, AccessTokenIssuer tokens, NegotiateProperties properties,
			MeterRegistry meterRegistry, Hubs hubs) {
		this.hubs = hubs;
		this.endpoints = endpoints;
		this.tokens = tokens;
		this.properties = properties;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * The client URL per hub, kept while the endpoint is the same instance (always, in
	 * Azure mode): building it validates the hub with a regular expression.
	 */
	private String clientUrl(ServiceEndpoint endpoint, String hub) {
		String key = hub + "\u0000" + endpoint.name();
		ClientUrl cached = this.clientUrls.get(key);
		if (cached != null && cached.endpoint() == endpoint) {
			return cached.url();
		}
		// With an application name the service knows the hub as {application}_{hub}.
		String url = endpoint.clientUrl(this.hubs.serviceHub(hub));
		this.clientUrls.put(key, new ClientUrl(endpoint, url));
		return url;
	}

	/**
	 * Counters per hub and kind of user, looked up once: hubs are a configured, bounded
	 * set, and a registry lookup with tags on every negotiate was measurable under load.
	 */
	private Counter counter(String hub, boolean knownUser, String endpoint) {
		return this.counters.computeIfAbsent(
				hub + (knownUser ? "\u0000known\u0000" : "\u0000anonymous\u0000") + endpoint,
				(key) -> this.meterRegistry.counter("beacon.negotiate.tokens", "hub", hub, "user",
						knownUser ? "known" : "anonymous", "endpoint", endpoint));
	}

	NegotiateResponse negotiate(String hub, URI requestOrigin, ClientIdentity identity) {
		ServiceEndpoint endpoint = this.endpoints.forClient(requestOrigin, identity.userId());
		String url = clientUrl(endpoint, hub);
		Map<String, Object> claims = new LinkedHashMap<>();
		if (identity.userId() != null) {
			claims.put(ClientClaims.NAME_ID, ClientClaims.requireCarriable(ClientClaims.NAME_ID, identity.userId()));
		}
		if (identity.name() != null) {
			claims.put(ClientClaims.UNIQUE_NAME,
					ClientClaims.requireCarriable(ClientClaims.UNIQUE_NAME, identity.name()));
		}
		if (!identity.roles().isEmpty()) {
			identity.roles().forEach((role) -> ClientClaims.requireCarriable(ClientClaims.ROLE, role));
			claims.put(ClientClaims.ROLE, identity.roles());
		}
		String token = this.tokens.issue(endpoint.credential().signingKey(), url, this.properties.tokenLifetime(),
				claims);
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new TokenTooLongException(token.length());
		}
		counter(hub, identity.userId() != null, endpoint.name()).increment();
		return new NegotiateResponse(url, token);
	}

	private record ClientUrl(ServiceEndpoint endpoint, String url) {
	}

}
