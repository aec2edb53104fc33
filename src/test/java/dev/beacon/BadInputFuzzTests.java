package dev.beacon;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.beacon.credential.AccessKey;
import dev.beacon.protocol.RestLimits;
import dev.beacon.support.LargeBodyClient;
import dev.beacon.support.UpstreamRequests;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.UriUtils;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and random input against every endpoint family (negotiate, publish, groups,
 * upstream, the local service's REST and client endpoints, actuator), in local mode:
 * every answer is a success or a 4xx problem+json (or Tomcat's own 400 for a path that is
 * not valid percent-encoded UTF-8), never a 5xx, never a hang. Each test covers one class
 * of input; the Azure-mode half is {@link BadInputAzureModeFuzzTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.status.broadcast-interval=0",
				"beacon.local.access-key=" + LOCAL_ACCESS_KEY, "logging.level.root=WARN" })
class BadInputFuzzTests {

	static final List<String> PATHS = List.of("/api/negotiate", "/api/hubs/{s}/negotiate", "/api/status",
			"/api/status/users/{s}", "/api/status/groups/{s}", "/api/status/connections/{s}",
			"/api/status/history?limit={s}", "/api/hubs/notifications/messages", "/api/hubs/{s}/messages",
			"/api/hubs/notifications/messages:batch", "/api/hubs/{s}/messages:batch",
			"/api/hubs/notifications/groups/{s}/users/{s}?ttl={s}", "/api/hubs/notifications/users/{s}/groups",
			"/api/hubs/notifications/groups/{s}/connections/{s}", "/api/hubs/notifications/connections/{s}?reason={s}",
			"/runtime/webhooks/signalr", "/local/api/hubs/{s}/:send?api-version=2022-06-01",
			"/local/api/hubs/notifications/users/{s}/groups/{s}?ttl={s}", "/local/client/negotiate?hub={s}",
			"/local/client/?hub=notifications&id={s}", "/actuator/health/{s}", "/actuator/{s}", "/{s}",
			// Added since: presence, inbox, client results, group listing, filtered
			// commands
			// and the local service's 2024-12-01 operations
			"/api/hubs/{s}/presence", "/api/hubs/notifications/presence/users?limit={s}&cursor={s}",
			"/api/hubs/notifications/presence/users/{s}", "/api/hubs/notifications/presence/groups/{s}",
			"/api/hubs/{s}/presence/count", "/api/inbox?hub={s}", "/api/hubs/notifications/users/{s}/inbox",
			"/api/hubs/notifications/connections/{s}/invoke?timeout={s}",
			"/api/hubs/notifications/groups/{s}/connections?maxpagesize={s}&continuationToken={s}",
			"/api/hubs/{s}/commands", "/local/api/hubs/notifications/connections/{s}/:invoke?api-version=2024-12-01",
			"/local/api/hubs/notifications/:execute?api-version=2024-12-01",
			"/local/api/hubs/notifications/groups/{s}/connections?api-version=2024-12-01&maxpagesize={s}",
			"/local/api/hubs/notifications/connections/{s}/streams/{s}/:send?api-version=2024-12-01", "/error");

	static final List<String> SEGMENTS = List.of("..%2F..%2Fetc", "%00", "%2e%2e", "%2E", "..", ".", "a%20b",
			"%E6%97%A5", "%F0%9F%9A%80", "x".repeat(3000), "-1", "99999999999999999999", "%25", "%3Cscript%3E",
			"notifications", "%FF%FE", "a;b=c", "a%3Bb", "a%5Cb", "%5C..%5C", "", "liveness");

	static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH");

	static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/x-msgpack",
			"multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*", "application/*",
			"application/json; charset=no-such-charset", "garbage", ";;;", "application/json;;q=x",
			"application/x-www-form-urlencoded", "");

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void hostileRequestsNeverGetA5xxOrHang() throws Exception {
		Random random = new Random(20261123);
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			String path = PATHS.get(random.nextInt(PATHS.size()));
			while (path.contains("{s}")) {
				path = path.replaceFirst("\\{s}", SEGMENTS.get(random.nextInt(SEGMENTS.size())));
			}
			String method = METHODS.get(random.nextInt(METHODS.size()));
			HttpRequest.Builder request = request(path).method(method,
					HttpRequest.BodyPublishers.ofByteArray(body(random)));
			String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
			if (!contentType.isEmpty()) {
				request.header("Content-Type", contentType);
			}
			if (random.nextBoolean()) {
				request.header("X-API-Key", random.nextBoolean() ? API_KEY : "wrong");
			}
			if (path.startsWith("/runtime")) {
				upstreamHeaders(request, "c" + i, random.nextBoolean() ? "messages" : "connections",
						random.nextBoolean() ? "connected" : "broadcast");
			}
			check(method, path, contentType, send(request), failures);
		}
		assertThat(failures).as("of 2500 cases").isEmpty();
	}

	@Test
	void contentTypesThatAreNotOneMediaTypeAreRefusedWith415OnEveryEndpointThatTakesABody() throws Exception {
		List<String> failures = new ArrayList<>();
		for (String path : List.of("/api/status", "/api/hubs/notifications/messages",
				"/api/hubs/notifications/messages:batch", "/runtime/webhooks/signalr",
				"/local/client/?hub=notifications&id=x", "/local/client/negotiate?hub=notifications",
				"/local/api/hubs/notifications/:send?api-version=2022-06-01", "/api/negotiate")) {
			for (String contentType : List.of("*/*", "application/*", "*/json", "garbage", "/json",
					"application/json; charset=no-such-charset", "text/plain; charset=\u00ff")) {
				HttpRequest.Builder request = request(path).header("Content-Type", contentType)
					.header("X-API-Key", API_KEY)
					.POST(HttpRequest.BodyPublishers.ofString("{}"));
				upstreamHeaders(request, "conn-ct", "connections", "connected");
				HttpResponse<String> response = send(request);
				if (response.statusCode() != 415 || !isProblem(response)) {
					failures.add(path + " [" + contentType + "] -> " + response.statusCode() + " " + response.body());
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", ".", "%2E%2E", "%2e.", "%2E" })
	void dotSegmentsInEveryNamePositionAreRefused(String dots) throws Exception {
		List<String> failures = new ArrayList<>();
		for (String path : List.of("/api/status/users/{s}", "/api/status/groups/{s}", "/api/status/connections/{s}",
				"/api/hubs/notifications/groups/{s}/users/u", "/api/hubs/notifications/groups/g/users/{s}",
				"/api/hubs/notifications/groups/{s}/connections/c", "/api/hubs/notifications/connections/{s}",
				"/api/hubs/notifications/users/{s}/groups", "/api/hubs/notifications/users/{s}",
				"/api/hubs/notifications/groups/{s}", "/local/api/hubs/notifications/groups/{s}/:send")) {
			for (String method : List.of("POST", "PUT", "DELETE", "GET")) {
				HttpResponse<String> response = send(request(path.replace("{s}", dots)).header("X-API-Key", API_KEY)
					.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString("{\"status\":\"x\",\"target\":\"t\"}")));
				if (response.statusCode() != 400 || !isProblem(response)) {
					failures.add(method + " " + path.replace("{s}", dots) + " -> " + response.statusCode());
				}
			}
		}
		String decoded = UriUtils.decode(dots, StandardCharsets.UTF_8);
		for (String field : List.of("groupName", "userId", "connectionId", "excluded")) {
			String value = field.equals("excluded") ? "[\"" + decoded + "\"]" : "\"" + decoded + "\"";
			HttpResponse<String> response = send(request("/api/hubs/notifications/messages")
				.header("X-API-Key", API_KEY)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"t\",\"" + field + "\":" + value + "}")));
			boolean refused = response.statusCode() == 400 && isProblem(response);
			boolean harmless = !decoded.matches("\\.{1,2}") && response.statusCode() == 202;
			if (!refused && !harmless) {
				failures.add("messages with " + field + "=" + decoded + " -> " + response.statusCode());
			}
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * Names Beacon accepts reach the local service and back in every name position: at
	 * the length limit in one-, two-, three- and four-byte characters, and with every
	 * character a URL treats specially. Names Beacon refuses are refused with 400.
	 */
	@Test
	void namesAtEveryLimitWorkEndToEndOrAreRefusedWith400() throws Exception {
		Map<String, Boolean> names = new LinkedHashMap<>();
		names.put("a".repeat(1024), true);
		names.put("\u00e9".repeat(1024), true);
		names.put("\u65e5".repeat(1024), true);
		names.put("\uD83D\uDE80".repeat(512), true);
		names.put("tenant/alice", true);
		names.put("a\\b", true);
		names.put("%2E%2E", true);
		names.put("a;b?c#d&e=f+g", true);
		names.put(" padded ", true);
		names.put("a".repeat(1025), false);
		names.put("..", false);
		names.put("a\u0000b", false);
		names.put("line\nbreak", false);
		List<String> failures = new ArrayList<>();
		for (Map.Entry<String, Boolean> entry : names.entrySet()) {
			// As a careful client escapes: everything but unreserved characters.
			String encoded = java.net.URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8).replace("+", "%20");
			for (String[] call : List.of(new String[] { "POST", "/api/status/users/{s}" },
					new String[] { "POST", "/api/status/groups/{s}" },
					new String[] { "POST", "/api/status/connections/{s}" },
					new String[] { "PUT", "/api/hubs/notifications/groups/{s}/users/{s}" },
					new String[] { "DELETE", "/api/hubs/notifications/groups/{s}/users/{s}" },
					new String[] { "DELETE", "/api/hubs/notifications/users/{s}/groups" },
					new String[] { "GET", "/api/hubs/notifications/users/{s}" },
					new String[] { "GET", "/api/hubs/notifications/groups/{s}" })) {
				HttpResponse<String> response = send(
						request(call[1].replace("{s}", encoded)).header("X-API-Key", API_KEY)
							.header("Content-Type", "application/json")
							.method(call[0], HttpRequest.BodyPublishers.ofString("{\"status\":\"ok\"}")));
				int status = response.statusCode();
				// Valid names longer than the service reads once encoded (in one path,
				// once
				// or twice) are refused before anything is sent
				int segments = call[1].split("\\{s}", -1).length - 1;
				boolean tooLong = RestLimits.requestLine(call[0],
						"/api/hubs/notifications/users/" + encoded.repeat(segments)) > RestLimits.MAX_REQUEST_LINE;
				boolean ok = !entry.getValue() ? status == 400 && isProblem(response)
						: tooLong ? status == 400 && response.body().contains("the service reads")
								: (status >= 200 && status < 300) || (status == 404 && call[1].contains("connections"));
				if (!ok || response.body().contains("<")) {
					failures.add(call[0] + " " + call[1] + " with " + describe(entry.getKey()) + " -> " + status + " "
							+ response.body().substring(0, Math.min(200, response.body().length())));
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "x=%ZZ", "%", "a=%E6%97", "=&&=", "a=b=c", "?x=1&y", "%FF%FE=%00", "x=\u00e9" })
	void oddClientQueriesOnSignedUpstreamEventsAreAccepted(String query) throws Exception {
		for (String event : List.of("connected", "disconnected")) {
			HttpRequest.Builder request = request("/runtime/webhooks/signalr")
				.header("Content-Type", "application/json")
				.header("X-ASRS-Client-Query", query)
				.POST(HttpRequest.BodyPublishers.ofString("{\"type\":10}"));
			upstreamHeaders(request, "conn-query", "connections", event);
			HttpResponse<String> response = send(request);
			assertThat(response.statusCode()).as(event + " with " + query).isEqualTo(200);
		}
	}

	static List<String> oddHeaderValues() {
		return List.of("a: b, c", ": , :", "x".repeat(6000), "role: admin, role: ", "\u00e9: \u00e9");
	}

	@ParameterizedTest
	@MethodSource("oddHeaderValues")
	void oddClaimsAndUserIdsOnSignedUpstreamEventsAreAccepted(String value) throws Exception {
		HttpRequest.Builder request = request("/runtime/webhooks/signalr").header("Content-Type", "application/json")
			.header("X-ASRS-User-Claims", value)
			.header("X-ASRS-User-Id", value)
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":1,\"invocationId\":\"1\",\"target\":\"nope\"}"));
		upstreamHeaders(request, "conn-claims", "messages", "nope");
		HttpResponse<String> response = send(request);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Method does not exist");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/a;/b", "/actuator/health/..;/env", "/actuator/health/a/b",
			"/actuator/health/x/y/z", "/actuator/health/nosuch", "/actuator/health/ping/x",
			"/actuator/health/liveness/x", "/actuator/health/%2E%2E", "/actuator/health/;", "/actuator/nosuch",
			"/%2e%2e", "/..", "/actuator/health/%00", "/actuator/health/%FF" })
	void actuatorPathsThatNameNothingAre4xxProblems(String path) throws Exception {
		HttpResponse<String> response = send(request(path).GET());

		assertThat(response.statusCode()).as(path).isIn(400, 404);
		assertThat(isProblem(response)).as(path + " -> " + response.body()).isTrue();
	}

	/**
	 * Every endpoint that takes a body, with and without credentials, gets 64 MB declared
	 * and streamed: refused bodies are not read, accepted ones are cut off at the limit,
	 * and the heap does not grow with what was sent.
	 */
	@Test
	void largeBodiesAreRefusedBeforeTheyAreReadAndMemoryStaysFlat() throws Exception {
		long size = 64L * 1024 * 1024;
		long before = usedHeapAfterGc();
		List<String> failures = new ArrayList<>();
		long mostSent = 0;
		for (boolean credentials : List.of(false, true)) {
			for (Map.Entry<String, Map<String, String>> endpoint : bodyEndpoints(credentials).entrySet()) {
				for (boolean chunked : List.of(false, true)) {
					String target = endpoint.getKey();
					LargeBodyClient.Upload upload = LargeBodyClient.send(this.port, "POST", target, endpoint.getValue(),
							size, chunked);
					mostSent = Math.max(mostSent, upload.bytesSent());
					// Without credentials: 401 before the body is read, or 413 for a
					// declared
					// length. With them: 413 at the limit, or 400/404 as soon as the
					// content
					// or the connection ID shows it cannot succeed. Negotiate reads no
					// body.
					boolean expected = switch (upload.status()) {
						case 413 -> true;
						case 401 -> !credentials;
						case 400, 404 -> credentials;
						case 200 -> target.equals("/api/negotiate");
						default -> false;
					};
					if (!expected || upload.bytesSent() > 24L * 1024 * 1024) {
						failures.add(target + (credentials ? " with" : " without") + " credentials, "
								+ (chunked ? "chunked" : "declared") + ": " + upload);
					}
				}
			}
		}
		long grown = usedHeapAfterGc() - before;
		System.out.printf("large bodies: at most %.1f MB of 64 MB taken per request, heap %+.1f MB%n",
				mostSent / 1048576.0, grown / 1048576.0);
		assertThat(failures).isEmpty();
		assertThat(grown).as("heap growth").isLessThan(32L * 1024 * 1024);
	}

	private Map<String, Map<String, String>> bodyEndpoints(boolean credentials) {
		String json = "application/json";
		Map<String, Map<String, String>> endpoints = new LinkedHashMap<>();
		Map<String, String> api = credentials ? Map.of("Content-Type", json, "X-API-Key", API_KEY)
				: Map.of("Content-Type", json);
		endpoints.put("/api/status", api);
		endpoints.put("/api/status/users/alice", api);
		endpoints.put("/api/hubs/notifications/messages", api);
		endpoints.put("/api/negotiate", api);
		Map<String, String> upstream = new LinkedHashMap<>(Map.of("Content-Type", json, "X-ASRS-Connection-Id", "c1",
				"X-ASRS-Hub", "notifications", "X-ASRS-Category", "messages", "X-ASRS-Event", "echo"));
		if (credentials) {
			upstream.put("X-ASRS-Signature", new AccessKey(LOCAL_ACCESS_KEY).upstreamSignature("c1"));
		}
		endpoints.put("/runtime/webhooks/signalr", upstream);
		String base = "http://localhost:" + this.port + "/local";
		Map<String, String> client = credentials ? Map.of("Content-Type", "text/plain", "Authorization",
				"Bearer " + token(base + "/client/?hub=notifications")) : Map.of("Content-Type", "text/plain");
		endpoints.put("/local/client/?hub=notifications&id=unknown", client);
		Map<String, String> rest = credentials
				? Map.of("Content-Type", json, "Authorization",
						"Bearer " + token("http://localhost/api/hubs/notifications/:send?api-version=2022-06-01"))
				: Map.of("Content-Type", json);
		endpoints.put("/local/api/hubs/notifications/:send?api-version=2022-06-01", rest);
		return endpoints;
	}

	private String token(String audience) {
		return this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY), audience, Duration.ofMinutes(5), Map.of());
	}

	private static long usedHeapAfterGc() {
		System.gc();
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private void upstreamHeaders(HttpRequest.Builder request, String connectionId, String category, String event) {
		UpstreamRequests.headers(request, LOCAL_ACCESS_KEY, "notifications", category, event, connectionId, null);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void check(String method, String path, String contentType, HttpResponse<String> response,
			List<String> failures) {
		int status = response.statusCode();
		if (status >= 500 || (status >= 400 && !method.equals("HEAD") && !isProblem(response))) {
			failures.add(method + " " + path.substring(0, Math.min(120, path.length())) + " [" + contentType + "] -> "
					+ status + " " + response.body().substring(0, Math.min(200, response.body().length())));
		}
	}

	private static boolean isProblem(HttpResponse<String> response) {
		return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
	}

	private static String describe(String name) {
		return (name.length() > 12) ? name.length() + " x '" + name.charAt(0) + "'" : "'" + name + "'";
	}

	private static byte[] body(Random random) {
		return switch (random.nextInt(11)) {
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
			case 8 -> "{\"target\":\"x\",\"groupName\":\"..\"}".getBytes(StandardCharsets.UTF_8);
			case 9 ->
				"{\"messages\":[{\"target\":\"x\",\"userId\":\"u\"},null,{},{\"target\":\"x\",\"userId\":\"..\"}]}"
					.getBytes(StandardCharsets.UTF_8);
			default -> new byte[0];
		};
	}

}
