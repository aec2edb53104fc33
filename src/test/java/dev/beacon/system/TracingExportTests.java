package dev.beacon.system;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which runs export traces, and with which exporter: decided from the settings at every
 * start ({@link TracingExport}, {@link OtlpExportRegistrar}), never by a condition Spring
 * AOT would fix.
 */
class TracingExportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Registrar.class);

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# endpoint                           | extra setting                              | exporter
			-                                    | -                                          | none
			http://collector:4318/v1/traces      | -                                          | http
			http://collector:4317/v1/traces      | management.opentelemetry.tracing.export.otlp.transport=GRPC | grpc
			http://collector:4318/v1/traces      | management.tracing.export.otlp.enabled=false | none
			http://collector:4318/v1/traces      | management.tracing.export.enabled=false    | none
			http://collector:4318/v1/traces      | management.opentelemetry.enabled=false     | none
			""")
	void exportsOnlyWithAnEndpointAndNothingSwitchedOff(String endpoint, String extra, String exporter) {
		ApplicationContextRunner configured = this.runner;
		if (endpoint != null) {
			configured = configured.withPropertyValues(TracingExport.ENDPOINT + "=" + endpoint);
		}
		if (extra != null) {
			configured = configured.withPropertyValues(extra);
		}
		configured.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(TracingExport.enabled(context.getEnvironment())).isEqualTo(!exporter.equals("none"));
			switch (exporter) {
				case "http" -> assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
				case "grpc" -> assertThat(context).hasSingleBean(OtlpGrpcSpanExporter.class);
				default -> assertThat(context).doesNotHaveBean(SpanExporter.class);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OtlpTracingProperties.class)
	@Import(OtlpExportRegistrar.class)
	static class Registrar {

	}

}
