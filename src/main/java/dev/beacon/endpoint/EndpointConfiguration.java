package dev.beacon.endpoint;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.system.ConnectSources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Parses the connection strings once at startup (a bad one stops Beacon) and exposes the
 * hubs and, in Azure mode, the endpoints the other features use (the local service
 * provides them in local mode).
 */
@Configuration(proxyBeanMethods = false)
class EndpointConfiguration {

	private static final Log logger = LogFactory.getLog(EndpointConfiguration.class);

	@Bean
	Hubs hubs(SignalRProperties properties) {
		return new Hubs(properties.hub(), properties.hubs());
	}

	@Bean
	@ConditionalOnBeaconMode(BeaconMode.AZURE)
	ServiceEndpointProvider serviceEndpointProvider(Environment environment, Clock clock,
			EndpointRoutingProperties routing, ObjectProvider<EndpointRouter> router) {
		List<ServiceEndpoint> endpoints = new ArrayList<>();
		for (ConfiguredEndpoint configured : ConfiguredEndpoints.find(environment)) {
			ServiceEndpoint endpoint = configured
				.parse((identity) -> new EntraCredential(identity, EntraTokenCredentials.create(identity), clock));
			logger.info("Using Azure SignalR Service at " + endpoint.endpoint() + " (from " + configured.setting()
					+ ", " + describe(endpoint) + ")");
			endpoints.add(endpoint);
		}
		EndpointRouter chosen = router.getIfAvailable(() -> switch (routing.router()) {
			case RANDOM -> EndpointRouter.random();
			case USER -> EndpointRouter.stickyPerUser();
		});
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
	@Bean
	@ConditionalOnBeaconMode(BeaconMode.AZURE)
	ConnectSources serviceClientEndpoint(ServiceEndpointProvider endpoints) {
		List<URI> origins = endpoints.all()
			.stream()
			.map((endpoint) -> URI
				.create(endpoint.clientEndpoint().getScheme() + "://" + endpoint.clientEndpoint().getRawAuthority()))
			.distinct()
			.toList();
		return () -> origins;
	}

}
