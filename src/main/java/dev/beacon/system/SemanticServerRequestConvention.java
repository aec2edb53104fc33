package dev.beacon.system;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Server spans named and described as OpenTelemetry's HTTP semantic conventions say
 * ({@code POST /api/hubs/{hub}/messages}; {@code http.request.method},
 * {@code http.route}, {@code url.path}, {@code url.scheme},
 * {@code http.response.status_code}, {@code error.type}), while the
 * {@code http.server.requests} metric keeps its name and tags: the new attributes are
 * high-cardinality, which only spans carry. The query is never recorded: the local
 * service's clients send their {@code access_token} in it, and no header is.
 */
class SemanticServerRequestConvention extends DefaultServerRequestObservationConvention {

	// Spring's context always carries the request; should one not, Spring's own names
	@Override
	public @Nullable String getContextualName(ServerRequestObservationContext context) {
		HttpServletRequest request = context.getCarrier();
		if (request == null) {
			return super.getContextualName(context);
		}
		String method = request.getMethod();
		String route = context.getPathPattern();
		return (route != null) ? method + " " + route : method;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		HttpServletRequest request = context.getCarrier();
		if (request == null) {
			return super.getHighCardinalityKeyValues(context);
		}
		HttpServletResponse response = context.getResponse();
		String route = context.getPathPattern();
		int status = (response != null) ? response.getStatus() : 0;
		boolean failed = status >= 500 || context.getError() != null;
		// One array, one merge: this runs for every request, recorded or not.
		List<KeyValue> values = new ArrayList<>(7);
		values.add(KeyValue.of("http.request.method", request.getMethod()));
		values.add(KeyValue.of("url.path", request.getRequestURI()));
		values.add(KeyValue.of("url.scheme", request.getScheme()));
		if (route != null) {
			values.add(KeyValue.of("http.route", route));
		}
		if (status > 0) {
			values.add(KeyValue.of("http.response.status_code", Integer.toString(status)));
		}
		if (failed) {
			Throwable error = context.getError();
			values.add(
					KeyValue.of("error.type", (error != null) ? error.getClass().getName() : Integer.toString(status)));
		}
		return super.getHighCardinalityKeyValues(context).and(values);
	}

}
