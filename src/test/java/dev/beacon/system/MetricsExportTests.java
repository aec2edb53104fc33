package dev.beacon.system;

import java.time.Duration;
import java.util.Map;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics over OTLP when asked, beside Prometheus: an in-process OTLP receiver gets
 * Spring's and Beacon's meters, with Beacon's service name, while the scrape endpoint
 * keeps serving. (The AOT-built jar does the same from the OpenTelemetry variables:
 * {@code PackagedJarIT}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.otlp.metrics.export.enabled=true", "management.otlp.metrics.export.step=500ms",
				"management.endpoints.web.exposure.include=health,prometheus", "beacon.api.keys=" + API_KEY })
// Closed with the class: kept in the cache it would push to the gone receiver every 500
// ms
@DirtiesContext
class MetricsExportTests {

	@RegisterExtension
	static final OtlpReceiver receiver = new OtlpReceiver();

	@DynamicPropertySource
	static void receiver(DynamicPropertyRegistry registry) {
		registry.add("management.otlp.metrics.export.url", receiver::metricsEndpoint);
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	@Test
	void metersGoOutOverOtlpWithTheServiceNameAndPrometheusStillServes() {
		BeaconHttp http = new BeaconHttp(this.port);
		assertThat(http.postJson("/api/status", "{\"status\":\"degraded\"}", API_KEY).statusCode()).isEqualTo(202);

		await("metrics over OTLP").atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(receiver.metricNames()).contains("http.server.requests", "beacon.api.requests"));
		assertThat(receiver.metricResources())
			.allSatisfy((resource) -> assertThat(resource).containsEntry("service.name", "beacon"));
		assertThat(http.send(http.request("/actuator/prometheus").header("X-API-Key", API_KEY).GET()).body())
			.contains("beacon_api_requests_total");
	}

	@Test
	void everyMeterIsMadeInBothRegistries() {
		assertThat(this.meterRegistry).isInstanceOf(CompositeMeterRegistry.class);
		assertThat(((CompositeMeterRegistry) this.meterRegistry).getRegistries())
			.hasAtLeastOneElementOfType(PrometheusMeterRegistry.class)
			.hasAtLeastOneElementOfType(OtlpMeterRegistry.class);
	}

	@Test
	void nothingGoesOverOtlpUnlessAsked() {
		assertThat(OtlpMetricsRegistrar.enabled(new MockEnvironment())).isFalse();
		assertThat(OtlpMetricsRegistrar
			.enabled(new MockEnvironment().withProperty("management.otlp.metrics.export.enabled", "false"))).isFalse();
	}

	@Test
	void theRegistryTakesSpringBootsOtlpSettings() {
		OtlpConfig config = OtlpMetricsRegistrar.config(new MockEnvironment()
			.withProperty("management.otlp.metrics.export.url", "https://collector.example/v1/metrics")
			.withProperty("management.otlp.metrics.export.step", "15s")
			.withProperty("management.otlp.metrics.export.headers.Authorization", "Bearer x")
			.withProperty("management.otlp.metrics.export.aggregation-temporality", "delta")
			.withProperty("management.opentelemetry.resource-attributes.deployment.environment", "test")
			.withProperty("spring.application.name", "beacon"));

		assertThat(config.url()).isEqualTo("https://collector.example/v1/metrics");
		assertThat(config.step()).isEqualTo(Duration.ofSeconds(15));
		assertThat(config.headers()).isEqualTo(Map.of("Authorization", "Bearer x"));
		assertThat(config.aggregationTemporality()).isEqualTo(AggregationTemporality.DELTA);
		assertThat(config.resourceAttributes()).containsEntry("service.name", "beacon")
			.containsEntry("deployment.environment", "test");
	}

}
