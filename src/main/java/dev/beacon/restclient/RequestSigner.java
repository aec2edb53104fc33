package dev.beacon.restclient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.credential.AccessKey;
import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.credential.EntraCredential;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.protocol.RestAudience;
import dev.beacon.token.AccessTokenIssuer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs every data-plane request with {@code Authorization: Bearer <JWT>}, the one place
 * that does: a token Beacon mints with the access key, or with Microsoft Entra ID the
 * identity's Entra access token itself, as the SDK sends it. The endpoint the call was
 * sent to travels with the request ({@link #ENDPOINT_ATTRIBUTE}), so the URL and the key
 * of one request always belong together, whichever endpoint a retry chose. The audience
 * follows {@link RestAudience}. Tokens are cached per key and audience and reused until a
 * fifth of their lifetime is left, so signing is off the hot path.
 */
final class RequestSigner implements ClientHttpRequestInterceptor {

	static final String ENDPOINT_ATTRIBUTE = RequestSigner.class.getName() + ".endpoint";

	/**
	 * Bounds the cache when sends go to very many users or groups (one audience each).
	 */
	static final int MAX_CACHED_TOKENS = 10_000;

	private final AccessTokenIssuer tokens;

	private final Duration lifetime;

	private final Map<CacheKey, CachedToken> cache = new ConcurrentHashMap<>();

	RequestSigner(AccessTokenIssuer tokens, Duration lifetime) {
		this.tokens = tokens;
		this.lifetime = lifetime;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!(request.getAttributes().get(ENDPOINT_ATTRIBUTE) instanceof ServiceEndpoint endpoint)) {
			throw new IllegalStateException("A data-plane request must carry the endpoint it is for");
		}
		String token = switch (endpoint.credential()) {
			case AccessKeyCredential key -> token(key.accessKey(), audience(endpoint, request.getURI()));
			case EntraCredential entra -> entra.restToken();
		};
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		return execution.execute(request, body);
	}

	static String audience(ServiceEndpoint endpoint, URI uri) {
		String prefix = endpoint.serverEndpoint().getRawPath();
		String path = uri.getRawPath();
		if (prefix != null && !prefix.isEmpty() && !prefix.equals("/") && path.startsWith(prefix)) {
			path = path.substring(prefix.length());
		}
		return RestAudience.of(endpoint.audienceBase(), path, uri.getRawQuery());
	}

	private String token(AccessKey key, String audience) {
		Instant now = this.tokens.now();
		CacheKey cacheKey = new CacheKey(key, audience);
		CachedToken cached = this.cache.get(cacheKey);
		if (cached != null && now.isBefore(cached.refreshAt())) {
			return cached.token();
		}
		if (this.cache.size() >= MAX_CACHED_TOKENS) {
			this.cache.clear();
		}
		String token = this.tokens.issue(key, audience, this.lifetime, Map.of());
		this.cache.put(cacheKey, new CachedToken(token, now.plus(this.lifetime.multipliedBy(4).dividedBy(5))));
		return token;
	}

	private record CacheKey(AccessKey key, String audience) {
	}

	private record CachedToken(String token, Instant refreshAt) {
	}

}
