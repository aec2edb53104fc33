package dev.beacon.endpoint;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.system.ConnectSources;
import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.credential.EntraCredential;
import dev.beacon.credential.EntraTokenCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;

/**
 * In Azure mode, the configured instances (the local service provides its own endpoint in
 * local mode). The connection strings are parsed when the provider is created at startup,
 * so a bad one stops Beacon. A registrar rather than a condition, so one Spring AOT build
 * serves both modes. Public only because the code Spring AOT generates creates it.
 */
public class AzureEndpointsRegistrar implements BeanRegistrar {

	private static final Log logger = LogFactory.getLog(AzureEndpointsRegistrar.class);

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (BeaconMode.of(environment) != BeaconMode.AZURE) {
			return;
		}
		registry.registerBean("serviceEndpointProvider", ServiceEndpointProvider.class,
				(spec) -> spec.supplier((context) -> provider(environment, context.bean(Clock.class),
						context.bean(SignalRProperties.class),
						context.beanProvider(EndpointRouter.class).getIfAvailable())));
		registry.registerBean("serviceClientEndpoint", ConnectSources.class,
				(spec) -> spec.supplier((context) -> clientOrigins(context.bean(ServiceEndpointProvider.class))));
	}

	private static ServiceEndpointProvider provider(Environment environment, Clock clock, SignalRProperties routing,
			@Nullable EndpointRouter router) {
		List<ServiceEndpoint> endpoints = new ArrayList<>();
		for (ConfiguredEndpoint configured : ConfiguredEndpoints.find(environment)) {
			ServiceEndpoint endpoint = configured
				.parse((identity) -> new EntraCredential(identity, EntraTokenCredentials.create(identity), clock));
			logger.info("Using Azure SignalR Service at " + endpoint.endpoint() + " (from " + configured.setting()
					+ ", " + describe(endpoint) + ")");
			endpoints.add(endpoint);
		}
		EndpointRouter chosen = (router != null) ? router : switch (routing.router()) {
			case RANDOM -> EndpointRouter.random();
			case USER -> EndpointRouter.stickyPerUser();
		};
		return new RoutedServiceEndpointProvider(endpoints, chosen, clock, routing.healthCheckInterval());
	}

	private static String describe(ServiceEndpoint endpoint) {
		String auth = switch (endpoint.credential()) {
			case AccessKeyCredential key -> "access key";
			case EntraCredential entra -> "Microsoft Entra ID as " + entra.identity().describe();
		};
		return endpoint.name().equals(ServiceEndpoint.DEFAULT_NAME) ? auth
				: endpoint.name() + ", " + endpoint.type().name().toLowerCase() + ", " + auth;
	}

	/** The page may connect to the services' client endpoints (negotiate, WebSocket). */
	private static ConnectSources clientOrigins(ServiceEndpointProvider endpoints) {
		List<URI> origins = endpoints.all()
			.stream()
			.map((endpoint) -> URI
				.create(endpoint.clientEndpoint().getScheme() + "://" + endpoint.clientEndpoint().getRawAuthority()))
			.distinct()
			.toList();
		return () -> origins;
	}

}
