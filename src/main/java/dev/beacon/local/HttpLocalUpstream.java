package dev.beacon.local;

import dev.beacon.protocol.JsonHubProtocol;
import dev.beacon.protocol.HubMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import dev.beacon.endpoint.ServiceEndpoint;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts connection events and client invocations to the upstream URL exactly as Azure
 * SignalR Service does in serverless mode: {@code X-ASRS-*} headers, a signature made
 * with the local key, the invocation JSON without its record separator. Each connection's
 * events go out in order on virtual threads, so a slow upstream never blocks other
 * clients. A blocking invocation always gets a Completion back: the upstream's framed
 * answer verbatim, an empty result for 200/204 without a body, or an error.
 */
final class HttpLocalUpstream implements LocalUpstream {

	private static final Log logger = LogFactory.getLog(HttpLocalUpstream.class);

	/** Registered claims the upstream has no use for. */
	private static final Set<String> SYSTEM_CLAIMS = Set.of("aud", "exp", "iat", "nbf", "iss", "jti");

	private final LocalServiceEndpointProvider endpoints;

	private final String urlTemplate;

	private final JsonHubProtocol protocol;

	private final JsonMapper jsonMapper;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

	HttpLocalUpstream(LocalServiceEndpointProvider endpoints, String urlTemplate, JsonHubProtocol protocol,
			JsonMapper jsonMapper) {
		this.endpoints = endpoints;
		this.urlTemplate = urlTemplate;
		this.protocol = protocol;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void connected(LocalConnection connection) {
		enqueue(connection, () -> post(connection, "connections", "connected", "{\"type\":10}"));
	}

	@Override
	public void disconnected(LocalConnection connection, @Nullable String error) {
		String body = (error != null) ? this.jsonMapper.writeValueAsString(Map.of("type", 11, "error", error))
				: "{\"type\":11}";
		enqueue(connection, () -> post(connection, "connections", "disconnected", body));
		CompletableFuture<Void> tail = this.tails.get(connection.id());
		if (tail != null) {
			tail.whenComplete((ignored, ex) -> this.tails.remove(connection.id(), tail));
		}
	}

	@Override
	public void invoke(LocalConnection connection, HubMessage.Invocation invocation) {
		enqueue(connection, () -> {
			String id = invocation.invocationId();
			String answer;
			try {
				HttpResponse<String> response = post(connection, "messages", invocation.target(), invocation.json());
				int status = response.statusCode();
				if (id == null) {
					return;
				}
				if (status == 200 && !response.body().isEmpty()) {
					answer = response.body();
				}
				else if (status == 200 || status == 204) {
					answer = this.protocol.completion(id);
				}
				else {
					answer = this.protocol.completionError(id, "Invocation failed, status code " + status);
				}
			}
			catch (Exception ex) {
				if (id == null) {
					return;
				}
				answer = this.protocol.completionError(id, "Invocation failed: the upstream could not be reached");
			}
			connection.send(answer);
		});
	}

	private void enqueue(LocalConnection connection, ThrowingTask task) {
		this.tails.compute(connection.id(), (id,
				tail) -> ((tail != null) ? tail : CompletableFuture.<Void>completedFuture(null)).thenRunAsync(() -> {
					try {
						task.run();
					}
					catch (Exception ex) {
						logger.warn("Upstream call for connection " + connection.id() + " failed: " + ex.getMessage());
					}
				}, this.executor));
	}

	private HttpResponse<String> post(LocalConnection connection, String category, String event, String body)
			throws Exception {
		LocalConnection.ConnectionInfo info = connection.info();
		HttpRequest.Builder request = HttpRequest.newBuilder(url(info.hub(), category, event))
			.timeout(Duration.ofSeconds(100))
			.header("Content-Type", "application/json")
			.header("X-ASRS-Connection-Id", info.connectionId())
			.header("X-ASRS-Hub", info.hub())
			.header("X-ASRS-Category", category)
			.header("X-ASRS-Event", event)
			.header("X-ASRS-Client-Query", info.query())
			.header("X-ASRS-Signature", this.endpoints.accessKey().upstreamSignature(info.connectionId()))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (info.userId() != null) {
			request.header("X-ASRS-User-Id", info.userId());
		}
		String claims = claims(info.claims());
		if (!claims.isEmpty()) {
			request.header("X-ASRS-User-Claims", claims);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private URI url(String hub, String category, String event) {
		ServiceEndpoint server = this.endpoints.forServer();
		String url = this.urlTemplate.replace("{port}", String.valueOf(server.endpoint().getPort()))
			.replace("{hub}", escape(hub))
			.replace("{category}", escape(category))
			.replace("{event}", escape(event));
		return URI.create(url);
	}

	private static String claims(Map<String, Object> claims) {
		return claims.entrySet()
			.stream()
			.filter((claim) -> !SYSTEM_CLAIMS.contains(claim.getKey()))
			.map((claim) -> claim.getKey() + ": " + claim.getValue())
			.collect(Collectors.joining(", "));
	}

	private static String escape(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	@FunctionalInterface
	private interface ThrowingTask {

		void run() throws Exception;

	}

}
