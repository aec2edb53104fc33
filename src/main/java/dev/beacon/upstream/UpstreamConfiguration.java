package dev.beacon.upstream;

import java.time.Clock;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.Hubs;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.system.InvalidSettingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The receiver's parts. Signature and bearer token are checked in an interceptor, before
 * the body is read. Switching the checks off is loud; having no check at all (Microsoft
 * Entra ID without a bearer check) stops startup.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

	private static final Log logger = LogFactory.getLog(UpstreamConfiguration.class);

	@Bean
	SignatureVerifier upstreamSignatureVerifier(ServiceEndpointProvider endpoints, UpstreamProperties properties,
			UpstreamAuthProperties auth) {
		SignatureVerifier verifier = new SignatureVerifier(endpoints, properties.additionalKeys());
		if (!properties.verifySignature()) {
			logger.warn("beacon.upstream.verify-signature=false: upstream requests are NOT authenticated; anyone "
					+ "who can reach " + properties.path() + " can forge client events. Never do this in production.");
		}
		else if (endpoints.mode() == BeaconMode.AZURE && !verifier.hasKeys() && !auth.enabled()) {
			throw new InvalidSettingException("beacon.upstream.auth.audience",
					"Beacon signs in with Microsoft Entra ID, so SignalR Service has no access key to sign upstream "
							+ "requests with: set beacon.upstream.auth.audience and beacon.upstream.auth.tenant-id to "
							+ "check the service's managed-identity token (docs/azure.md: Entra ID), or "
							+ "beacon.upstream.verify-signature=false to accept unauthenticated upstream requests");
		}
		return verifier;
	}

	private static @Nullable BearerTokenVerifier bearerVerifier(UpstreamAuthProperties auth, Clock clock) {
		if (!auth.enabled()) {
			return null;
		}
		if (auth.tenantId() == null
				&& (auth.issuers() == null || auth.issuers().isEmpty() || auth.jwkSetUri() == null)) {
			throw new InvalidSettingException("beacon.upstream.auth.tenant-id",
					"beacon.upstream.auth.audience is set, so upstream bearer tokens are checked: set "
							+ "beacon.upstream.auth.tenant-id (or both beacon.upstream.auth.issuers and "
							+ "beacon.upstream.auth.jwk-set-uri)");
		}
		if (auth.allowedCallers().isEmpty()) {
			throw new InvalidSettingException("beacon.upstream.auth.callers",
					"beacon.upstream.auth.audience is set, so upstream bearer tokens are checked: name the SignalR "
							+ "resource's managed identity (its client ID or object ID) in "
							+ "beacon.upstream.auth.callers, since any identity of the tenant can get a token for "
							+ "the audience");
		}
		logger.info("Upstream requests must carry a bearer token for " + auth.audience() + " from "
				+ auth.acceptedIssuers() + " of " + auth.allowedCallers());
		return new BearerTokenVerifier(auth, clock);
	}

	@Bean
	HubMethodRegistry hubMethodRegistry(ApplicationContext context, Hubs hubs, JsonMapper jsonMapper,
			ObjectProvider<ObservationRegistry> observations) {
		return new HubMethodRegistry(context, hubs, jsonMapper,
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	StreamProducers streamProducers(SignalRClient client, MeterRegistry meterRegistry) {
		return new StreamProducers(client, meterRegistry);
	}

	@Bean
	UpstreamMetrics upstreamMetrics(MeterRegistry meterRegistry, Hubs hubs) {
		return new UpstreamMetrics(meterRegistry, hubs);
	}

	@Bean
	WebMvcConfigurer upstreamAuthentication(SignatureVerifier signatures, UpstreamAuthProperties auth, Clock clock,
			UpstreamProperties properties, UpstreamMetrics metrics) {
		UpstreamAuthenticationInterceptor interceptor = new UpstreamAuthenticationInterceptor(signatures,
				bearerVerifier(auth, clock), properties.verifySignature(), metrics);
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns(properties.path());
			}

		};
	}

}
