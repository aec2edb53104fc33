package dev.beacon.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Metrics over OTLP beside Prometheus, when asked: {@code OTEL_METRICS_EXPORTER=otlp}
 * (which Spring Boot maps onto {@code management.otlp.metrics.export.enabled}) or that
 * property, with {@code OTEL_EXPORTER_OTLP_ENDPOINT} /
 * {@code management.otlp.metrics.export.url} saying where. Registers an
 * {@link OtlpMeterRegistry} and, as the primary registry every meter is made in, a
 * composite of it and the Prometheus registry, so the scrape endpoint keeps serving. A
 * registrar rather than Spring Boot's own OTLP metrics export (excluded), whose condition
 * Spring AOT would fix when the image is built: the image then could never export. Read
 * at every start. Public only because the code Spring AOT generates creates it.
 */
public class OtlpMetricsRegistrar implements BeanRegistrar {

	static final String PREFIX = "management.otlp.metrics.export";

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!enabled(environment)) {
			return;
		}
		registry.registerBean("otlpMeterRegistry", OtlpMeterRegistry.class,
				(spec) -> spec.supplier((context) -> OtlpMeterRegistry.builder(config(environment))
					.clock(context.bean(Clock.class))
					.threadFactory(Thread.ofVirtual().name("otlp-meter-registry-", 0).factory())
					.build()));
		registry.registerBean("beaconMeterRegistry", CompositeMeterRegistry.class, (spec) -> spec.primary()
			.supplier((context) -> new CompositeMeterRegistry(context.bean(Clock.class),
					List.of(context.bean(PrometheusMeterRegistry.class), context.bean(OtlpMeterRegistry.class)))));
	}

	/** Whether this run exports metrics over OTLP. */
	static boolean enabled(Environment environment) {
		return environment.getProperty(PREFIX + ".enabled", Boolean.class, false);
	}

	/**
	 * The registry's settings from Spring Boot's {@code management.otlp.metrics.export.*}
	 * properties: the URL (OTLP/HTTP), step, headers, aggregation temporality, and the
	 * resource attributes of every OpenTelemetry signal, {@code service.name} the
	 * application's name unless set.
	 */
	static OtlpConfig config(Environment environment) {
		Binder binder = Binder.get(environment);
		String url = binder.bind(PREFIX + ".url", String.class).orElse("http://localhost:4318/v1/metrics");
		Duration step = binder.bind(PREFIX + ".step", Duration.class).orElse(Duration.ofMinutes(1));
		Map<String, String> headers = binder.bind(PREFIX + ".headers", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		AggregationTemporality temporality = binder
			.bind(PREFIX + ".aggregation-temporality", AggregationTemporality.class)
			.orElse(AggregationTemporality.CUMULATIVE);
		Map<String, String> resource = new LinkedHashMap<>(
				binder.bind("management.opentelemetry.resource-attributes", Bindable.mapOf(String.class, String.class))
					.orElse(Map.of()));
		String name = environment.getProperty("spring.application.name");
		if (StringUtils.hasText(name)) {
			resource.putIfAbsent("service.name", name);
		}
		return new OtlpConfig() {

			@Override
			public @Nullable String get(String key) {
				return null;
			}

			@Override
			public String url() {
				return url;
			}

			@Override
			public Duration step() {
				return step;
			}

			@Override
			public Map<String, String> headers() {
				return headers;
			}

			@Override
			public AggregationTemporality aggregationTemporality() {
				return temporality;
			}

			@Override
			public Map<String, String> resourceAttributes() {
				return resource;
			}

		};
	}

}
