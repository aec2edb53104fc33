package dev.beacon.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests against a running Beacon.
 */
public final class BeaconHttp {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	public BeaconHttp(int port) {
		this.base = "http://localhost:" + port;
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(60));
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What a client asks first: {@code POST /api/negotiate}, no body, no key. */
	public HttpResponse<String> negotiate() {
		return send(request("/api/negotiate").POST(HttpRequest.BodyPublishers.noBody()));
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	public HttpResponse<String> postJson(String path, String json, String apiKey) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (apiKey != null) {
			request.header("X-API-Key", apiKey);
		}
		return send(request);
	}

	public HttpResponse<String> call(String method, String path, String apiKey) {
		return send(request(path).header("X-API-Key", apiKey).method(method, HttpRequest.BodyPublishers.noBody()));
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

}
