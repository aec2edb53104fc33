package dev.beacon.publish;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.token.AccessTokenIssuer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs every data-plane request with {@code Authorization: Bearer <JWT>}, the one place
 * that does. The audience is what Microsoft's SDK uses ({@code RestApiProvider}): the
 * endpoint's scheme and host without port ({@code ServiceEndpoint.AudienceBaseUrl}), the
 * request path, and only the {@code api-version} and {@code application} parameters;
 * {@code excluded}, {@code reason} and {@code ttl} stay out. Tokens are cached per
 * audience and reused until a fifth of their lifetime is left, so signing is off the hot
 * path.
 */
final class RequestSigner implements ClientHttpRequestInterceptor {

	/**
	 * Bounds the cache when sends go to very many users or groups (one audience each).
	 */
	static final int MAX_CACHED_TOKENS = 10_000;

	private final ServiceEndpointProvider endpoints;

	private final AccessTokenIssuer tokens;

	private final Duration lifetime;

	private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();

	RequestSigner(ServiceEndpointProvider endpoints, AccessTokenIssuer tokens, Duration lifetime) {
		this.endpoints = endpoints;
		this.tokens = tokens;
		this.lifetime = lifetime;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + token(audience(request.getURI())));
		return execution.execute(request, body);
	}

	String audience(URI uri) {
		ServiceEndpoint endpoint = this.endpoints.forServer();
		String prefix = endpoint.serverEndpoint().getRawPath();
		String path = uri.getRawPath();
		if (prefix != null && !prefix.isEmpty() && !prefix.equals("/") && path.startsWith(prefix)) {
			path = path.substring(prefix.length());
		}
		StringBuilder audience = new StringBuilder(endpoint.audienceBase()).append(path);
		char separator = '?';
		for (String parameter : uri.getRawQuery().split("&")) {
			if (parameter.startsWith("api-version=") || parameter.startsWith("application=")) {
				audience.append(separator).append(parameter);
				separator = '&';
			}
		}
		return audience.toString();
	}

	private String token(String audience) {
		Instant now = this.tokens.now();
		CachedToken cached = this.cache.get(audience);
		if (cached != null && now.isBefore(cached.refreshAt())) {
			return cached.token();
		}
		if (this.cache.size() >= MAX_CACHED_TOKENS) {
			this.cache.clear();
		}
		String token = this.tokens.issue(this.endpoints.forServer().accessKey(), audience, this.lifetime, Map.of());
		this.cache.put(audience, new CachedToken(token, now.plus(this.lifetime.multipliedBy(4).dividedBy(5))));
		return token;
	}

	private record CachedToken(String token, Instant refreshAt) {
	}

}
