package dev.beacon.local.upstream;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalUpstream;
import dev.beacon.local.upstream.UpstreamRetry.Event;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.JsonHubProtocol;
import dev.beacon.protocol.UpstreamEvents;
import dev.beacon.protocol.UpstreamHeaders;
import io.micrometer.core.instrument.MeterRegistry;
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
 * answer verbatim, an empty result for 200/204 without a body, or an error. Failed posts
 * are retried as far as {@link UpstreamRetry} allows; {@link ConnectionQueues} keeps the
 * order and lets shutdown wait for the last events.
 */
public final class HttpLocalUpstream implements LocalUpstream {

	private static final Log logger = LogFactory.getLog(HttpLocalUpstream.class);

	private final LocalServiceEndpointProvider endpoints;

	private final String urlTemplate;

	private final JsonHubProtocol protocol;

	private final JsonMapper jsonMapper;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConnectionQueues queues;

	private final UpstreamRetry retry;

	public HttpLocalUpstream(LocalServiceEndpointProvider endpoints, String urlTemplate, JsonHubProtocol protocol,
			JsonMapper jsonMapper, ConnectionQueues queues, MeterRegistry meterRegistry) {
		this.endpoints = endpoints;
		this.urlTemplate = urlTemplate;
		this.protocol = protocol;
		this.jsonMapper = jsonMapper;
		this.queues = queues;
		this.retry = new UpstreamRetry(meterRegistry);
	}

	@Override
	public void connected(LocalConnection connection) {
		connectionEvent(connection, Event.CONNECTED, UpstreamEvents.CONNECTED_BODY);
	}

	@Override
	public void disconnected(LocalConnection connection, @Nullable String error) {
		connectionEvent(connection, Event.DISCONNECTED, UpstreamEvents.disconnectedBody(this.jsonMapper, error));
		this.queues.finish(connection.id());
	}

	private void connectionEvent(LocalConnection connection, Event event, String body) {
		enqueue(connection, event, () -> {
			int status = this.retry.call(event, () -> post(connection, UpstreamHeaders.CONNECTIONS, event.tag(), body))
				.statusCode();
			if (status / 100 != 2) {
				throw new IllegalStateException("the upstream answered " + status);
			}
		});
	}

	@Override
	public void invoke(LocalConnection connection, HubMessage.Invocation invocation) {
		enqueue(connection, Event.INVOCATION, () -> {
			String id = invocation.invocationId();
			HttpResponse<String> response;
			try {
				response = this.retry.call(Event.INVOCATION,
						() -> post(connection, UpstreamHeaders.MESSAGES, invocation.target(), invocation.json()));
			}
			catch (Exception ex) {
				if (id != null) {
					connection.send(
							this.protocol.completionError(id, "Invocation failed: the upstream could not be reached"));
				}
				throw ex;
			}
			if (id != null) {
				connection.send(completion(id, response));
			}
		});
	}

	private String completion(String id, HttpResponse<String> response) {
		int status = response.statusCode();
		if (status == 200 && !response.body().isEmpty()) {
			return response.body();
		}
		if (status == 200 || status == 204) {
			return this.protocol.completion(id);
		}
		return this.protocol.completionError(id, "Invocation failed, status code " + status);
	}

	private void enqueue(LocalConnection connection, Event event, ThrowingTask task) {
		this.queues.submit(connection.id(), () -> {
			try {
				task.run();
			}
			catch (Exception ex) {
				this.retry.lost(event);
				logger.warn(
						"Upstream " + event.tag() + " for connection " + connection.id() + " lost: " + ex.getMessage());
			}
		});
	}

	private HttpResponse<String> post(LocalConnection connection, String category, String event, String body)
			throws IOException, InterruptedException {
		LocalConnection.ConnectionInfo info = connection.info();
		HttpRequest.Builder request = HttpRequest.newBuilder(url(info.hub(), category, event))
			.timeout(Duration.ofSeconds(100))
			.header("Content-Type", "application/json")
			.header(UpstreamHeaders.CONNECTION_ID, info.connectionId())
			.header(UpstreamHeaders.HUB, info.hub())
			.header(UpstreamHeaders.CATEGORY, category)
			.header(UpstreamHeaders.EVENT, event)
			.header(UpstreamHeaders.CLIENT_QUERY, info.query())
			.header(UpstreamHeaders.SIGNATURE, this.endpoints.accessKey().upstreamSignature(info.connectionId()))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (info.userId() != null) {
			request.header(UpstreamHeaders.USER_ID, info.userId());
		}
		String claims = UpstreamHeaders.claims(info.claims());
		if (!claims.isEmpty()) {
			request.header(UpstreamHeaders.USER_CLAIMS, claims);
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

	private static String escape(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	@FunctionalInterface
	private interface ThrowingTask {

		void run() throws Exception;

	}

}
