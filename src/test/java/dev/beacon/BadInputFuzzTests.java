package dev.beacon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and random input against every endpoint family (negotiate, publish, groups,
 * upstream, the local service's REST and client endpoints), in local mode: every answer
 * must be a success or a 4xx problem+json (or Tomcat's own 400 for a malformed path),
 * never a 5xx, never a hang.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "beacon.api.keys=fuzz-key",
		"beacon.status.broadcast-interval=0", "beacon.upstream.verify-signature=false", "logging.level.root=WARN" })
class BadInputFuzzTests {

	static final List<String> PATHS = List.of("/api/negotiate", "/api/hubs/{s}/negotiate", "/api/status",
			"/api/status/users/{s}", "/api/status/groups/{s}", "/api/status/connections/{s}",
			"/api/status/history?limit={s}", "/api/hubs/notifications/messages", "/api/hubs/{s}/messages",
			"/api/hubs/notifications/groups/{s}/users/{s}?ttl={s}", "/api/hubs/notifications/users/{s}/groups",
			"/api/hubs/notifications/groups/{s}/connections/{s}", "/api/hubs/notifications/connections/{s}?reason={s}",
			"/runtime/webhooks/signalr", "/local/api/hubs/{s}/:send?api-version=2022-06-01",
			"/local/api/hubs/notifications/users/{s}/groups/{s}?ttl={s}", "/local/client/negotiate?hub={s}",
			"/local/client/?hub=notifications&id={s}", "/{s}");

	static final List<String> SEGMENTS = List.of("..%2F..%2Fetc", "%00", "%2e%2e", "a%20b", "%E6%97%A5", "%F0%9F%9A%80",
			"x".repeat(3000), "-1", "99999999999999999999", "%25", "%3Cscript%3E", "notifications", "%FF%FE", "a;b=c",
			"");

	static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH");

	static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/x-msgpack",
			"multipart/form-data; boundary=x", "application/json; charset=latin1", "");

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void hostileRequestsNeverGetA5xxOrHang() throws Exception {
		Random random = new Random(20261123);
		List<String> failures = new ArrayList<>();
		int cases = 0;
		for (int i = 0; i < 1500; i++) {
			String path = PATHS.get(random.nextInt(PATHS.size()));
			while (path.contains("{s}")) {
				path = path.replaceFirst("\\{s}", SEGMENTS.get(random.nextInt(SEGMENTS.size())));
			}
			String method = METHODS.get(random.nextInt(METHODS.size()));
			byte[] body = body(random);
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(30))
				.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
			String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
			if (!contentType.isEmpty()) {
				request.header("Content-Type", contentType);
			}
			if (random.nextBoolean()) {
				request.header("X-API-Key", random.nextBoolean() ? "fuzz-key" : "wrong");
			}
			if (path.startsWith("/runtime")) {
				request.header("X-ASRS-Hub", SEGMENTS.get(random.nextInt(SEGMENTS.size())).replace("%", "p") + "x")
					.header("X-ASRS-Category", random.nextBoolean() ? "messages" : "connections")
					.header("X-ASRS-Event", "broadcast")
					.header("X-ASRS-Connection-Id", "c" + i);
			}
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			cases++;
			int status = response.statusCode();
			String type = response.headers().firstValue("Content-Type").orElse("");
			// Tomcat itself refuses a path with %00, invalid UTF-8 or an encoded dot
			// segment
			// before any application code runs, with its own 400 page.
			boolean refusedByTomcat = status == 400 && path.matches(".*(%00|%FF|%2e%2e).*");
			if (status >= 500 || (status >= 400 && !method.equals("HEAD") && !refusedByTomcat
					&& !type.startsWith("application/problem+json"))) {
				failures.add(method + " " + path.substring(0, Math.min(120, path.length())) + " [" + contentType
						+ "] -> " + status + " " + type + " "
						+ response.body().substring(0, Math.min(200, response.body().length())));
			}
		}
		assertThat(cases).isEqualTo(1500);
		assertThat(failures).as("of %d cases", cases).isEmpty();
	}

	private static byte[] body(Random random) {
		return switch (random.nextInt(10)) {
			case 0 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
			case 1 -> ("{\"status\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
			case 2 -> new byte[] { '{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}' };
			case 3 ->
				"{\"status\":\"a\",\"status\":\"b\",\"target\":\"t\",\"type\":1}".getBytes(StandardCharsets.UTF_8);
			case 4 -> "{\"target\":\"x\",\"arguments\":[1,2],\"userId\":\"u\",\"groupName\":\"g\"}"
				.getBytes(StandardCharsets.UTF_8);
			case 5 -> "null".getBytes(StandardCharsets.UTF_8);
			case 6 -> {
				byte[] bytes = new byte[random.nextInt(2000)];
				random.nextBytes(bytes);
				yield bytes;
			}
			case 7 -> "{\"type\":1,\"invocationId\":\"1\",\"target\":\"broadcast\",\"arguments\":[{}]}\u001e"
				.getBytes(StandardCharsets.UTF_8);
			case 8 ->
				"{\"status\":\"ok\",\"details\":{\"a\":[[[[[[[[[[[[1]]]]]]]]]]]}}".getBytes(StandardCharsets.UTF_8);
			default -> new byte[0];
		};
	}

}
