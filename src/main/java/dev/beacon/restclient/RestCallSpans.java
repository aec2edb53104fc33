package dev.beacon.restclient;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.beacon.endpoint.ServiceEndpoint;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * One client span per data-plane call on one instance, named and described as
 * OpenTelemetry's HTTP conventions say ({@code POST /api/hubs/{hub}/:send};
 * {@code http.request.method}, {@code url.full}, {@code server.address},
 * {@code http.response.status_code}, {@code error.type}), with the operation, the
 * instance and the bulkhead wait; each retry an event; a failure an error with the
 * status. Every attempt carries the span's {@code traceparent}. Spans of Micrometer
 * Tracing directly rather than an {@code Observation}: the call is timed once already
 * ({@code beacon.signalr.requests}), and Spring's RestClient observation measured a tenth
 * of a send's CPU (docs/performance.md). The signed {@code Authorization} header, the
 * body and the service's answer are never recorded; the URL holds no secret.
 */
final class RestCallSpans {

	private final Tracer tracer;

	private final Propagator propagator;

	RestCallSpans(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** The trace the caller is in, for calls made on other threads. */
	@Nullable TraceContext current() {
		Span span = this.tracer.currentSpan();
		return (span != null) ? span.context() : null;
	}

	/**
	 * Starts the span of a call on one instance. Its name and attributes are built only
	 * when it is recorded: a span sampling left out (every span when nothing is exported)
	 * still carries the trace's IDs to the service, at next to no cost.
	 */
	Span start(@Nullable TraceContext parent, RestApiRequest request, ServiceEndpoint endpoint, long waitedNanos) {
		String method = request.method().name();
		Span.Builder builder = this.tracer.spanBuilder();
		if (parent != null) {
			builder.setParent(parent);
		}
		Span span = builder.kind(Span.Kind.CLIENT).name(method).start();
		if (span.isNoop()) {
			return span;
		}
		URI server = endpoint.serverEndpoint();
		int port = (server.getPort() != -1) ? server.getPort() : ("https".equals(server.getScheme()) ? 443 : 80);
		String template = RestPaths.template(request.path());
		return span.name(method + " " + template)
			.tag("http.request.method", method)
			.tag("url.full", endpoint.serverBase() + request.target())
			.tag("url.template", template)
			.tag("server.address", String.valueOf(server.getHost()))
			.tag("server.port", port)
			.tag("beacon.signalr.operation", request.operation())
			.tag("beacon.signalr.endpoint", endpoint.name())
			.tag("beacon.signalr.bulkhead.wait_ms", TimeUnit.NANOSECONDS.toMillis(waitedNanos))
			.remoteServiceName("signalr");
	}

	/** Puts the span's {@code traceparent} (and {@code tracestate}) on an attempt. */
	void inject(Span span, HttpRequest.Builder attempt) {
		this.propagator.inject(span.context(), attempt, (carrier, key, value) -> {
			if (carrier != null) {
				carrier.header(key, value);
			}
		});
	}

	void retrying(Span span, ServiceAnswer answer, int retries, Duration delay) {
		if (span.isNoop()) {
			return;
		}
		span.event("retry " + (retries + 1) + " after " + answer.describe() + ", in " + delay.toMillis() + " ms");
	}

	void answered(Span span, ServiceAnswer answer, int retries) {
		if (span.isNoop()) {
			return;
		}
		if (answer.status() > 0) {
			span.tag("http.response.status_code", answer.status());
		}
		if (retries > 0) {
			span.tag("http.request.resend_count", retries);
		}
	}

	/** Marks the span as failed, with the status (or I/O failure) as its type. */
	void failed(Span span, @Nullable ServiceAnswer answer, SignalRException failure) {
		if (span.isNoop()) {
			return;
		}
		span.tag("error.type", (answer != null) ? answer.describe() : failure.getClass().getSimpleName());
		span.error(failure);
	}

}
