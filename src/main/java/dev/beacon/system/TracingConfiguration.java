package dev.beacon.system;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Traces through Spring Boot's OpenTelemetry support: the exporter when an endpoint is
 * set ({@link OtlpExportRegistrar}) and metrics over OTLP when asked
 * ({@link OtlpMetricsRegistrar}), the sampler, and OpenTelemetry's HTTP names for the
 * server spans ({@link SemanticServerRequestConvention}), and no spans for housekeeping
 * tasks ({@link UntracedScheduledTasks}).
 */
@Configuration(proxyBeanMethods = false)
@Import({ OtlpExportRegistrar.class, OtlpMetricsRegistrar.class })
class TracingConfiguration {

	/**
	 * Spring Boot's sampler when traces are exported (by default parent-based, a tenth of
	 * the traces Beacon starts: {@code management.tracing.sampling.probability}); none at
	 * all when nothing is exported, so no span is recorded only to be dropped. Trace and
	 * span IDs exist either way: logs and problem answers carry them, and an incoming
	 * {@code traceparent}'s trace ID is passed on. Beacon's bean rather than a condition,
	 * so Spring AOT fixes nothing.
	 */
	@Bean
	Sampler beaconSampler(Environment environment, TracingProperties tracing,
			OpenTelemetryTracingProperties openTelemetry) {
		if (!TracingExport.enabled(environment)) {
			return Sampler.alwaysOff();
		}
		double probability = tracing.getSampling().getProbability();
		return switch (openTelemetry.getSampler()) {
			case ALWAYS_ON -> Sampler.alwaysOn();
			case ALWAYS_OFF -> Sampler.alwaysOff();
			case TRACE_ID_RATIO -> Sampler.traceIdRatioBased(probability);
			case PARENT_BASED_ALWAYS_ON -> Sampler.parentBased(Sampler.alwaysOn());
			case PARENT_BASED_ALWAYS_OFF -> Sampler.parentBased(Sampler.alwaysOff());
			case PARENT_BASED_TRACE_ID_RATIO -> Sampler.parentBased(Sampler.traceIdRatioBased(probability));
		};
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	UntracedScheduledTasks untracedScheduledTasks(Tracer tracer) {
		return new UntracedScheduledTasks(tracer);
	}

	@Bean
	SemanticServerRequestConvention serverRequestObservationConvention() {
		return new SemanticServerRequestConvention();
	}

}
