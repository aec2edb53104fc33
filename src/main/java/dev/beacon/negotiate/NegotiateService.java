package dev.beacon.negotiate;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.endpoint.Hubs;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.protocol.ClientClaims;
import dev.beacon.system.ServiceUnavailableException;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Builds the redirect a client follows: the service's client URL for the hub and a token
 * whose {@code aud} is exactly that URL. Anyone may negotiate, so a 503 tells the caller
 * only that the service is unavailable and when to come back; why (identities, private
 * endpoints, the identity library's words) goes to the log when it changes, and to the
 * admin-only health details.
 */
@Service
class NegotiateService {

	private static final Log logger = LogFactory.getLog(NegotiateService.class);

	/**
	 * The service refuses longer tokens; browsers also carry them in the query string.
	 */
	static final int MAX_TOKEN_LENGTH = 4096;

	/** All a caller learns of a 503: anyone may negotiate. */
	static final String UNAVAILABLE = "SignalR Service is unavailable for now; try again after Retry-After.";

	private final ServiceEndpointProvider endpoints;

	private final AccessTokenIssuer tokens;

	private final NegotiateProperties properties;

	private final MeterRegistry meterRegistry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Map<String, ClientUrl> clientUrls = new ConcurrentHashMap<>();

	private final Hubs hubs;

	// The reason of the last 503 logged, until a negotiate succeeds again
	private volatile @Nullable String refusal;

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
		NegotiateResponse response;
		try {
			response = mint(hub, requestOrigin, identity);
		}
		catch (ServiceUnavailableException ex) {
			throw unavailable(ex);
		}
		if (this.refusal != null) {
			this.refusal = null;
		}
		return response;
	}

	private ServiceUnavailableException unavailable(ServiceUnavailableException ex) {
		String reason = ex.getMessage();
		if (!reason.equals(this.refusal)) {
			this.refusal = reason;
			logger.warn("Negotiate answers 503: " + reason);
		}
		return new ServiceUnavailableException(UNAVAILABLE, ex.retryAfter());
	}

	private NegotiateResponse mint(String hub, URI requestOrigin, ClientIdentity identity) {
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
