package dev.beacon;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.protocol.RestLimits;
import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure-mode half of {@link BadInputFuzzTests}: names at every limit and in every
 * position reach a SignalR Service (WireMock, every request checked against Microsoft's
 * Swagger) intact and inside their own path segment; names a server would normalise are
 * refused before anything is sent; the service's error pages never reach a detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "beacon.api.keys=" + API_KEY,
		"beacon.status.broadcast-interval=0", "beacon.signalr.retry.base-delay=10ms", "logging.level.root=WARN" })
class BadInputAzureModeFuzzTests {

	/** Jetty's default 8 KiB header limit is below the 24 KiB URLs Beacon may send. */
	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(200)
		.withOptions((options) -> options.jettyHeaderRequestSize(64 * 1024));

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void namesAtEveryLimitArriveIntactInTheirOwnSegmentOrAreRefusedWhenTooLongToSend() throws Exception {
		List<String> names = List.of("a".repeat(1024), "\u00e9".repeat(1024), "\u65e5".repeat(1024),
				"\uD83D\uDE80".repeat(512), "tenant/alice", "a\\b", "%2E%2E", "a;b?c#d&e=f+g", " padded ", "...");
		List<String> failures = new ArrayList<>();
		for (String name : names) {
			String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
			service.resetRequests();
			HttpResponse<String> response = send("PUT",
					"/api/hubs/notifications/groups/" + encoded + "/users/" + encoded, "");
			List<LoggedRequest> received = service.requests();
			// Valid, but some are longer than the service reads once encoded twice in a
			// path
			if (RestLimits.requestLine("PUT", "/api/hubs/notifications/users/" + encoded + "/groups/" + encoded
					+ "?api-version=2024-12-01") > RestLimits.MAX_REQUEST_LINE) {
				if (response.statusCode() != 400 || !response.body().contains("the service reads")
						|| !received.isEmpty()) {
					failures.add(describe(name) + " (too long to send) -> " + response.statusCode() + ", "
							+ received.size() + " sent");
				}
				continue;
			}
			if (response.statusCode() != 200 || received.size() != 1) {
				failures.add(describe(name) + " -> " + response.statusCode() + ", " + received.size() + " sent");
				continue;
			}
			LoggedRequest request = received.get(0);
			String[] segments = request.getUrl().split("\\?")[0].split("/", -1);
			// /api/hubs/notifications/users/{user}/groups/{group}
			assertThat(segments).as(describe(name)).hasSize(8);
			assertThat(UriUtils.decode(segments[5], StandardCharsets.UTF_8)).isEqualTo(name);
			assertThat(UriUtils.decode(segments[7], StandardCharsets.UTF_8)).isEqualTo(name);
			service.assertEveryRequestMatchesTheSwagger();
		}
		assertThat(failures).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", ".", "a/../b" })
	void namesAServerWouldNormaliseAreRefusedBeforeAnythingIsSent(String name) throws Exception {
		String json = "\"" + name + "\"";
		for (String body : List.of("{\"target\":\"t\",\"groupName\":" + json + "}",
				"{\"target\":\"t\",\"userId\":" + json + "}", "{\"target\":\"t\",\"connectionId\":" + json + "}",
				"{\"target\":\"t\",\"excluded\":[" + json + "]}")) {
			HttpResponse<String> response = send("POST", "/api/hubs/notifications/messages", body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(response.body()).contains("Invalid name");
		}
		String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8);
		assertThat(send("DELETE", "/api/hubs/notifications/groups/" + encoded + "/connections/c1", "").statusCode())
			.isEqualTo(400);
		assertThat(service.requests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 500, 502, 503 })
	void errorPagesFromTheServiceNeverReachAProblemDetail(int status) throws Exception {
		service.stubForEverything(aResponse().withStatus(status)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><body><h1>Error</h1><p>Server: frontdoor-7 at 10.0.0.7</p></body></html>"));

		HttpResponse<String> response = send("POST", "/api/hubs/notifications/messages", "{\"target\":\"t\"}");

		assertThat(response.statusCode()).isBetween(400, 599);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).doesNotContain("<", "frontdoor", "10.0.0.7");
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("X-API-Key", API_KEY)
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (!body.isEmpty()) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String describe(String name) {
		return (name.length() > 12) ? name.length() + " x '" + name.charAt(0) + "'" : "'" + name + "'";
	}

}
