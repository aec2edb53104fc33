package dev.beacon.restclient;

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

/**
 * Signs every data-plane request with {@code Authorization: Bearer <JWT>}, the one place
 * that does: a token Beacon mints with the access key, or with Microsoft Entra ID the
 * identity's Entra access token itself, as the SDK sends it. {@link DataPlane} asks it
 * for every request with the endpoint the request goes to, so the URL and the key of one
 * request always belong together, whichever endpoint a retry chose. The audience follows
 * {@link RestAudience}. Tokens are cached per key and audience and reused until a fifth
 * of their lifetime is left, so signing is off the hot path.
 */
final class RequestSigner {

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

	/**
	 * The {@code Authorization} header of one request.
	 * @param endpoint the instance the request goes to
	 * @param uri the request's whole URL
	 * @return {@code Bearer <JWT>}
	 * @throws dev.beacon.system.ServiceUnavailableException if an Entra credential has no
	 * token yet
	 */
	String authorization(ServiceEndpoint endpoint, URI uri) {
		String token = switch (endpoint.credential()) {
			case AccessKeyCredential key -> token(key.accessKey(), audience(endpoint, uri));
			case EntraCredential entra -> entra.restToken();
		};
		return "Bearer " + token;
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
