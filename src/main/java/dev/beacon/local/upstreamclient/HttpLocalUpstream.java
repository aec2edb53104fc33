package dev.beacon.local.upstreamclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalUpstream;
import dev.beacon.local.upstreamclient.UpstreamRetry.Event;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import dev.beacon.protocol.UpstreamEvents;
import dev.beacon.protocol.UpstreamHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts connection events and client invocations to the upstream URL exactly as Azure
 * SignalR Service does in serverless mode ({@link UpstreamRequests}): {@code X-ASRS-*}
 * headers, a signature made with the local key, the invocation JSON without its record
 * separator. Each connection's events go out in order on virtual threads, so a slow
 * upstream never blocks other clients. A blocking invocation always gets a Completion
 * back: the upstream's framed answer verbatim, an empty result for 200/204 without a
 * body, or an error. Failed posts are retried as far as {@link UpstreamRetry} allows;
 * {@link ConnectionQueues} keeps the order and lets shutdown wait for the last events.
 * Invocations and posts are traced ({@link UpstreamSpans}).
 */
public final class HttpLocalUpstream implements LocalUpstream {

	private static final Log logger = LogFactory.getLog(HttpLocalUpstream.class);

	private final UpstreamRequests requests;

	private final JsonMapper jsonMapper;

	private final HttpClient http;

	private final ConnectionQueues queues;

	private final UpstreamRetry retry;

	private final UpstreamSpans spans;

	/** How long a client's invocation waits for room among its queued ones. */
	static final Duration QUEUE_WAIT = Duration.ofSeconds(10);

	private final int maxQueuedInvocations;

	private final Duration queueWait;

	public HttpLocalUpstream(LocalServiceEndpointProvider endpoints, String urlTemplate, int maxQueuedInvocations,
			JsonMapper jsonMapper, ConnectionQueues queues, MeterRegistry meterRegistry, Tracer tracer,
			Propagator propagator) {
		this(httpClient().build(), endpoints, urlTemplate, maxQueuedInvocations, QUEUE_WAIT, jsonMapper, queues,
				meterRegistry, tracer, propagator);
	}

	HttpLocalUpstream(HttpClient http, LocalServiceEndpointProvider endpoints, String urlTemplate,
			int maxQueuedInvocations, Duration queueWait, JsonMapper jsonMapper, ConnectionQueues queues,
			MeterRegistry meterRegistry, Tracer tracer, Propagator propagator) {
		this.http = http;
		this.requests = new UpstreamRequests(urlTemplate, endpoints);
		this.maxQueuedInvocations = maxQueuedInvocations;
		this.queueWait = queueWait;
		this.jsonMapper = jsonMapper;
		this.queues = queues;
		this.retry = new UpstreamRetry(meterRegistry);
		this.spans = new UpstreamSpans(tracer, propagator, urlTemplate);
	}

	/**
	 * The JDK client for the upstream: HTTP/2 where an https upstream offers it, else
	 * HTTP/1.1 with pooled keep-alive connections. As for the data plane
	 * ({@code RestClientConfiguration}), the client's own tasks run on its selector
	 * thread: with its default pool, now and then the answer to a post on a reused
	 * connection went to the pool's watcher and the post failed although the upstream had
	 * run it, and an invocation, never retried once sent, would have come back to the
	 * client as failed (PooledConnectionRaceSoakTests). Nothing handed to it blocks: the
	 * answer is read into a byte array and the posting virtual thread waits for it.
	 */
	public static HttpClient.Builder httpClient() {
		return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Runnable::run);
	}

	@Override
	public void connected(LocalConnection connection) {
		connectionEvent(connection, Event.CONNECTED, new HubPayload.Text(UpstreamEvents.CONNECTED_BODY));
	}

	@Override
	public void disconnected(LocalConnection connection, @Nullable String error) {
		connectionEvent(connection, Event.DISCONNECTED,
				new HubPayload.Text(UpstreamEvents.disconnectedBody(this.jsonMapper, error)));
		this.queues.finish(connection.id());
	}

	private void connectionEvent(LocalConnection connection, Event event, HubPayload body) {
		enqueue(connection, event, null, () -> {
			int status = this.retry
				.call(event, () -> post(connection, UpstreamHeaders.CONNECTIONS, event.tag(), body, null))
				.statusCode();
			if (status / 100 != 2) {
				throw new IllegalStateException("the upstream answered " + status);
			}
		});
	}

	/**
	 * Queues the invocation behind the connection's earlier events. When
	 * {@code beacon.local.max-queued-invocations} of its invocations already wait for the
	 * upstream, the client's reads are held until one is taken, as ASP.NET Core holds a
	 * client past its parallel invocations; after {@link #QUEUE_WAIT} it is refused (an
	 * error Completion when the client waits for one, else logged and counted lost), so a
	 * client sending faster than the upstream answers cannot fill the memory. Only what
	 * the post needs is kept while it waits, not the parsed arguments.
	 */
	@Override
	public void invoke(LocalConnection connection, HubMessage.Invocation invocation) {
		String id = invocation.invocationId();
		String target = invocation.target();
		HubPayload message = invocation.message();
		Span span = invocationSpan(connection, target);
		boolean queued = enqueue(connection, Event.INVOCATION, span, () -> {
			HubProtocol protocol = UpstreamCompletions.spoken(connection);
			HttpResponse<byte[]> response;
			try {
				response = this.retry.call(Event.INVOCATION,
						() -> post(connection, UpstreamHeaders.MESSAGES, target, message, span));
			}
			catch (Exception ex) {
				if (id != null) {
					connection
						.send(protocol.completionError(id, "Invocation failed: the upstream could not be reached"));
				}
				throw ex;
			}
			if (id != null) {
				connection.send(UpstreamCompletions.of(protocol, id, response));
			}
		});
		if (!queued) {
			if (id != null) {
				connection.send(UpstreamCompletions.spoken(connection).completionError(id, refusal()));
			}
			else {
				logger.warn("Invocation " + target + " of connection " + connection.id() + " dropped: "
						+ this.maxQueuedInvocations + " of its invocations waited for the upstream for "
						+ this.queueWait.toSeconds() + " s");
			}
		}
	}

	@Override
	public void stream(LocalConnection connection, HubMessage.StreamInvocation stream) {
		String id = stream.invocationId();
		String target = stream.target();
		HubPayload message = stream.message();
		Span span = invocationSpan(connection, target);
		boolean queued = enqueue(connection, Event.INVOCATION, span, () -> {
			String failure;
			try {
				int status = this.retry
					.call(Event.INVOCATION, () -> post(connection, UpstreamHeaders.MESSAGES, target, message, span))
					.statusCode();
				failure = (status / 100 == 2) ? null : "Stream failed, status code " + status;
			}
			catch (Exception ex) {
				failure = "Stream failed: the upstream could not be reached";
			}
			if (failure != null && connection.streamClosed(id)) {
				connection.send(UpstreamCompletions.spoken(connection).completionError(id, failure));
			}
		});
		if (!queued && connection.streamClosed(id)) {
			connection.send(UpstreamCompletions.spoken(connection).completionError(id, refusal()));
		}
	}

	private String refusal() {
		return "Invocation refused: " + this.maxQueuedInvocations
				+ " invocations of this connection still wait for the upstream";
	}

	private Span invocationSpan(LocalConnection connection, String target) {
		LocalConnection.ConnectionInfo info = connection.info();
		return this.spans.invocation(info.hub(), target, info.connectionId());
	}

	/**
	 * Runs a post in the connection's order; an invocation's span ends with it. An
	 * invocation waits for room among the connection's {@link #maxQueuedInvocations}, and
	 * is refused, counted lost and its span ended when none comes in time.
	 * @return whether the post was queued
	 */
	private boolean enqueue(LocalConnection connection, Event event, @Nullable Span span, ThrowingTask task) {
		Runnable post = () -> {
			try (Tracer.SpanInScope scope = this.spans.scope(span)) {
				task.run();
			}
			catch (Exception ex) {
				this.retry.lost(event);
				if (span != null) {
					this.spans.failed(span, ex);
				}
				logger.warn(
						"Upstream " + event.tag() + " for connection " + connection.id() + " lost: " + ex.getMessage());
			}
			finally {
				if (span != null) {
					span.end();
				}
			}
		};
		boolean queued = true;
		if (event == Event.INVOCATION) {
			queued = this.queues.submit(connection.id(), this.maxQueuedInvocations, this.queueWait, post);
		}
		else {
			this.queues.submit(connection.id(), post);
		}
		if (!queued) {
			this.retry.lost(event);
			if (span != null) {
				this.spans.failed(span, new IllegalStateException(refusal()));
				span.end();
			}
		}
		return queued;
	}

	/** Posts one event ({@link UpstreamRequests}), traced. */
	private HttpResponse<byte[]> post(LocalConnection connection, String category, String event, HubPayload body,
			@Nullable Span invocation) throws IOException, InterruptedException {
		LocalConnection.ConnectionInfo info = connection.info();
		URI url = this.requests.url(info.hub(), category, event);
		HttpRequest.Builder request = this.requests.request(url, info, category, event, body);
		Span span = this.spans.post(invocation, url, event, request);
		try {
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			this.spans.answered(span, response.statusCode());
			return response;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			this.spans.failed(span, ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	@FunctionalInterface
	private interface ThrowingTask {

		void run() throws Exception;

	}

}
