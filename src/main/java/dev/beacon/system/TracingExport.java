package dev.beacon.system;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether this run exports traces: an OTLP endpoint is set
 * ({@code management.opentelemetry.tracing.export.otlp.endpoint}, or the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} / {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} that
 * Spring Boot maps onto it) and neither the SDK nor the export is switched off. Read at
 * every start, never fixed by Spring AOT.
 */
public final class TracingExport {

	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String TRANSPORT = "management.opentelemetry.tracing.export.otlp.transport";

	private TracingExport() {
	}

	public static boolean enabled(Environment environment) {
		if (!StringUtils.hasText(environment.getProperty(ENDPOINT))
				|| !environment.getProperty("management.opentelemetry.enabled", Boolean.class, true)) {
			return false;
		}
		Boolean otlp = environment.getProperty("management.tracing.export.otlp.enabled", Boolean.class);
		return (otlp != null) ? otlp
				: environment.getProperty("management.tracing.export.enabled", Boolean.class, true);
	}

}
