package dev.beacon.upstream;

import dev.beacon.endpoint.Hubs;
import dev.beacon.endpoint.ServiceEndpointProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The receiver's parts. The signature is checked in an interceptor, before the body is
 * read. Switching signature checks off is loud.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

	private static final Log logger = LogFactory.getLog(UpstreamConfiguration.class);

	@Bean
	SignatureVerifier upstreamSignatureVerifier(ServiceEndpointProvider endpoints, UpstreamProperties properties) {
		if (!properties.verifySignature()) {
			logger.warn("beacon.upstream.verify-signature=false: upstream requests are NOT authenticated; anyone "
					+ "who can reach " + properties.path() + " can forge client events. Never do this in production.");
		}
		return new SignatureVerifier(endpoints, properties.additionalKeys());
	}

	@Bean
	HubMethodRegistry hubMethodRegistry(ApplicationContext context, Hubs hubs, JsonMapper jsonMapper) {
		return new HubMethodRegistry(context, hubs, jsonMapper);
	}

	@Bean
	UpstreamMetrics upstreamMetrics(MeterRegistry meterRegistry, Hubs hubs) {
		return new UpstreamMetrics(meterRegistry, hubs);
	}

	@Bean
	WebMvcConfigurer upstreamSignatureCheck(SignatureVerifier signatures, UpstreamProperties properties,
			UpstreamMetrics metrics) {
		UpstreamSignatureInterceptor interceptor = new UpstreamSignatureInterceptor(signatures,
				properties.verifySignature(), metrics);
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns(properties.path());
			}

		};
	}

}
