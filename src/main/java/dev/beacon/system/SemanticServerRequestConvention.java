package dev.beacon.system;

import io.micrometer.common.KeyValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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

	@Override
	public String getContextualName(ServerRequestObservationContext context) {
		String method = context.getCarrier().getMethod();
		String route = context.getPathPattern();
		return (route != null) ? method + " " + route : method;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		HttpServletRequest request = context.getCarrier();
		KeyValues values = super.getHighCardinalityKeyValues(context).and("http.request.method", request.getMethod())
			.and("url.path", request.getRequestURI())
			.and("url.scheme", request.getScheme());
		if (context.getPathPattern() != null) {
			values = values.and("http.route", context.getPathPattern());
		}
		HttpServletResponse response = context.getResponse();
		if (response != null) {
			int status = response.getStatus();
			values = values.and("http.response.status_code", String.valueOf(status));
			if (status >= 500 || context.getError() != null) {
				values = values.and("error.type", (context.getError() != null) ? context.getError().getClass().getName()
						: String.valueOf(status));
			}
		}
		return values;
	}

}
