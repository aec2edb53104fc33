package dev.beacon.endpoint;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import dev.beacon.system.ConnectSources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Parses the connection string once at startup (a bad one stops Beacon) and exposes the
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
	ServiceEndpointProvider serviceEndpointProvider(Environment environment, Clock clock) {
		ConnectionStringSource source = ConnectionStringSource.find(environment).orElseThrow();
		ServiceEndpoint endpoint = source
			.parse((identity) -> new EntraCredential(identity, EntraTokenCredentials.create(identity), clock));
		logger.info("Using Azure SignalR Service at " + endpoint.endpoint() + " (from " + source.setting() + ", "
				+ describe(endpoint.credential()) + ")");
		return new FixedServiceEndpointProvider(endpoint);
	}

	private static String describe(ServiceCredential credential) {
		return switch (credential) {
			case AccessKeyCredential key -> "access key";
			case EntraCredential entra -> "Microsoft Entra ID as " + entra.identity().describe();
		};
	}

	/** The page may connect to the service's client endpoint (negotiate, WebSocket). */
	@Bean
	@ConditionalOnBeaconMode(BeaconMode.AZURE)
	ConnectSources serviceClientEndpoint(ServiceEndpointProvider endpoints) {
		List<URI> origins = List.of(endpoints.forServer().clientEndpoint());
		return () -> origins;
	}

}
