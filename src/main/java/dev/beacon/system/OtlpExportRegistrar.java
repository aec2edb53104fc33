package dev.beacon.system;

import java.util.Locale;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The OTLP span exporter, registered when {@link TracingExport#enabled this run exports}:
 * HTTP/protobuf, or gRPC when
 * {@code management.opentelemetry.tracing.export.otlp.transport} (or
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL}) says {@code grpc}, as Azure Container Apps'
 * managed agent does; with the timeouts, compression, headers and SSL bundle of Spring
 * Boot's {@code management.opentelemetry.tracing.export.otlp.*} properties. A registrar
 * rather than Spring Boot's own exporter, whose condition on the endpoint Spring AOT
 * would fix when the image is built: the image then could never export. Spring Boot's
 * exporter steps aside when this one exists. Public only because the code Spring AOT
 * generates creates it.
 */
public class OtlpExportRegistrar implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!TracingExport.enabled(environment)) {
			return;
		}
		if ("grpc".equalsIgnoreCase(environment.getProperty(TracingExport.TRANSPORT))) {
			registry.registerBean("otlpGrpcSpanExporter", OtlpGrpcSpanExporter.class, (spec) -> spec
				.supplier((context) -> grpc(context.bean(OtlpTracingProperties.class), sslBundles(context))));
		}
		else {
			registry.registerBean("otlpHttpSpanExporter", OtlpHttpSpanExporter.class, (spec) -> spec
				.supplier((context) -> http(context.bean(OtlpTracingProperties.class), sslBundles(context))));
		}
	}

	private static @Nullable SslBundles sslBundles(BeanRegistry.SupplierContext context) {
		return context.beanProvider(SslBundles.class).getIfAvailable();
	}

	static OtlpHttpSpanExporter http(OtlpTracingProperties properties, @Nullable SslBundles bundles) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(endpoint(properties, Transport.HTTP))
			.setTimeout(properties.getTimeout())
			.setConnectTimeout(properties.getConnectTimeout())
			.setCompression(properties.getCompression().name().toLowerCase(Locale.ROOT));
		properties.getHeaders().forEach(builder::addHeader);
		SslBundle bundle = bundle(properties, bundles);
		if (bundle != null) {
			builder.setSslContext(bundle.createSslContext(), trustManager(bundle));
		}
		return builder.build();
	}

	static OtlpGrpcSpanExporter grpc(OtlpTracingProperties properties, @Nullable SslBundles bundles) {
		OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
			.setEndpoint(endpoint(properties, Transport.GRPC))
			.setTimeout(properties.getTimeout())
			.setConnectTimeout(properties.getConnectTimeout())
			.setCompression(properties.getCompression().name().toLowerCase(Locale.ROOT));
		properties.getHeaders().forEach(builder::addHeader);
		SslBundle bundle = bundle(properties, bundles);
		if (bundle != null) {
			builder.setSslContext(bundle.createSslContext(), trustManager(bundle));
		}
		return builder.build();
	}

	private static String endpoint(OtlpTracingProperties properties, Transport transport) {
		String endpoint = properties.getEndpoint();
		if (endpoint == null || properties.getTransport() != transport) {
			throw new IllegalStateException("The OTLP endpoint changed after startup");
		}
		return endpoint;
	}

	private static @Nullable SslBundle bundle(OtlpTracingProperties properties, @Nullable SslBundles bundles) {
		String name = properties.getSsl().getBundle();
		if (!StringUtils.hasLength(name)) {
			return null;
		}
		if (bundles == null) {
			throw new InvalidSettingException("management.opentelemetry.tracing.export.otlp.ssl.bundle",
					"names an SSL bundle, but no spring.ssl.bundle is configured");
		}
		return bundles.getBundle(name);
	}

	private static X509TrustManager trustManager(SslBundle bundle) {
		for (TrustManager manager : bundle.getManagers().getTrustManagers()) {
			if (manager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new IllegalStateException("The OTLP exporter's SSL bundle has no X.509 trust manager");
	}

}
