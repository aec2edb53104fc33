package dev.beacon.local;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.SwaggerValidation;
import dev.beacon.token.AccessTokenIssuer;
import org.jspecify.annotations.Nullable;

/**
 * Calls of the local service's data-plane REST API signed as Microsoft's SDK signs them:
 * an HS256 token whose {@code aud} is the path with, of the query, only
 * {@code api-version} and {@code application}. Paths are relative to {@code /local}.
 */
final class SignedLocalRest {

	static final String VERSION = "api-version=2024-12-01";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	private final AccessTokenIssuer tokens;

	private final String key;

	SignedLocalRest(int port, AccessTokenIssuer tokens, String key) {
		this.port = port;
		this.tokens = tokens;
		this.key = key;
	}

	/** A query value encoded as the SDK encodes it (spaces as {@code %20}). */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * A call, its exchange validated against the Swagger of its {@code api-version}.
	 * @param method the HTTP method
	 * @param pathAndQuery path under {@code /local} and raw query
	 * @param body a JSON body, or null
	 * @return the answer
	 */
	HttpResponse<String> validated(String method, String pathAndQuery, @Nullable String body) {
		HttpResponse<String> response = call(method, pathAndQuery, body);
		SwaggerValidation.assertValidExchange(method, pathAndQuery,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null, response.statusCode(), response.body(),
				response.headers().firstValue("Content-Type").orElse(null));
		return response;
	}

	HttpResponse<String> call(String method, String pathAndQuery, @Nullable String body) {
		return send(method, URI.create("http://localhost:" + this.port + "/local" + pathAndQuery), body);
	}

	/**
	 * A GET of an absolute URL the service answered (a {@code nextLink}), signed for it.
	 */
	HttpResponse<String> get(URI url) {
		return send("GET", url, null);
	}

	private HttpResponse<String> send(String method, URI url, @Nullable String body) {
		String path = url.getRawPath().substring("/local".length());
		String signed = (url.getRawQuery() != null) ? Arrays.stream(url.getRawQuery().split("&"))
			.filter((parameter) -> parameter.startsWith("api-version=") || parameter.startsWith("application="))
			.collect(Collectors.joining("&")) : "";
		String token = this.tokens.issue(new AccessKey(this.key),
				"http://localhost" + path + (signed.isEmpty() ? "" : "?" + signed), Duration.ofMinutes(5), Map.of());
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(method + " " + url + " failed", ex);
		}
	}

}
