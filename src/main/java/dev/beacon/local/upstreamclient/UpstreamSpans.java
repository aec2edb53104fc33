package dev.beacon.local.upstreamclient;

import java.net.URI;
import java.net.http.HttpRequest;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * The local service's spans: a server span for each client invocation it receives
 * ({@code hub/target}, as OpenTelemetry's RPC conventions name it), and a client span for
 * each post to the upstream, with OpenTelemetry's HTTP names and the {@code traceparent}
 * on the request, so the upstream's request and the hub method join the invocation's
 * trace. Neither records the headers (the signature, the client's query with its
 * {@code access_token}, the claims) nor the body.
 */
final class UpstreamSpans {

	private final Tracer tracer;

	private final Propagator propagator;

	private final String route;

	UpstreamSpans(Tracer tracer, Propagator propagator, String urlTemplate) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.route = route(urlTemplate);
	}

	/** The path of the URL template, placeholders kept: the span's route. */
	private static String route(String urlTemplate) {
		int scheme = urlTemplate.indexOf("://");
		int path = urlTemplate.indexOf('/', (scheme >= 0) ? scheme + 3 : 0);
		if (path < 0) {
			return "/";
		}
		int query = urlTemplate.indexOf('?', path);
		return (query < 0) ? urlTemplate.substring(path) : urlTemplate.substring(path, query);
	}

	/**
	 * Starts the span of a client's invocation as it arrives, in the trace of the request
	 * that carried it (long polling, Server-Sent Events) or a new one (WebSockets).
	 */
	Span invocation(String hub, String target, String connectionId) {
		Span span = this.tracer.spanBuilder().kind(Span.Kind.SERVER).name(target).start();
		if (span.isNoop()) {
			return span;
		}
		return span.name(hub + "/" + target)
			.tag("rpc.system", "signalr")
			.tag("rpc.service", hub)
			.tag("rpc.method", target)
			.tag("beacon.local.connection_id", connectionId);
	}

	/** Makes an invocation's span current on the thread that posts it. */
	Tracer.SpanInScope scope(@Nullable Span span) {
		return this.tracer.withSpan(span);
	}

	/** Starts the client span of one post, and puts its {@code traceparent} on it. */
	Span post(@Nullable Span parent, URI url, String event, HttpRequest.Builder request) {
		Span.Builder builder = this.tracer.spanBuilder();
		if (parent != null) {
			builder.setParent(parent.context());
		}
		Span span = builder.kind(Span.Kind.CLIENT).name("POST").start();
		if (!span.isNoop()) {
			int port = (url.getPort() != -1) ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
			span.name("POST " + this.route)
				.tag("http.request.method", "POST")
				.tag("url.full", url.toString())
				.tag("server.address", String.valueOf(url.getHost()))
				.tag("server.port", port)
				.tag("beacon.upstream.event", event);
		}
		this.propagator.inject(span.context(), request, (carrier, key, value) -> {
			if (carrier != null) {
				carrier.header(key, value);
			}
		});
		return span;
	}

	void answered(Span span, int status) {
		if (span.isNoop()) {
			return;
		}
		span.tag("http.response.status_code", status);
		if (status >= 400) {
			span.tag("error.type", String.valueOf(status));
			span.error(new IllegalStateException("The upstream answered " + status));
		}
	}

	void failed(Span span, Exception failure) {
		if (span.isNoop()) {
			return;
		}
		span.tag("error.type", failure.getClass().getName());
		span.error(failure);
	}

}
