package dev.beacon.system;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem answer carries the request's trace ID ({@code traceId}), so a caller can
 * quote it to an operator, who finds the trace and the request's log lines by it. A
 * filter's error is rendered after the request's span has ended (the container's error
 * dispatch): its ID is read from the request's observation then.
 */
@RestControllerAdvice
class ProblemTraceIds implements ResponseBodyAdvice<Object> {

	static final String PROPERTY = "traceId";

	private final ObjectProvider<Tracer> tracer;

	ProblemTraceIds(ObjectProvider<Tracer> tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem) {
			String traceId = traceId(request);
			if (traceId != null) {
				problem.setProperty(PROPERTY, traceId);
			}
		}
		return body;
	}

	private @Nullable String traceId(ServerHttpRequest request) {
		Tracer tracer = this.tracer.getIfAvailable();
		Span span = (tracer != null) ? tracer.currentSpan() : null;
		if (span == null && request instanceof ServletServerHttpRequest servlet) {
			span = ServerHttpObservationFilter.findObservationContext(servlet.getServletRequest())
				.map(ProblemTraceIds::span)
				.orElse(null);
		}
		// Not isNoop(): a span that has ended, or that sampling left unrecorded, has its
		// ID.
		return (span != null) ? valid(span.context().traceId()) : null;
	}

	private static @Nullable Span span(Observation.ContextView context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		return (tracing != null) ? tracing.getSpan() : null;
	}

	private static @Nullable String valid(String traceId) {
		return (traceId.isEmpty() || traceId.chars().allMatch((c) -> c == '0')) ? null : traceId;
	}

}
