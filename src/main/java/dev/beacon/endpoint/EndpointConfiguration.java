package dev.beacon.endpoint;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Parses the connection string once at startup (a bad one stops Beacon) and exposes the
 * hubs and endpoints the other features use.
 */
@Configuration(proxyBeanMethods = false)
class EndpointConfiguration {

	private static final Log logger = LogFactory.getLog(EndpointConfiguration.class);

	@Bean
	Hubs hubs(SignalRProperties properties) {
		return new Hubs(properties.hub(), properties.hubs());
	}

	@Bean
	ServiceEndpointProvider serviceEndpointProvider(Environment environment) {
		return ConnectionStringSource.find(environment).<ServiceEndpointProvider>map((source) -> {
			ServiceEndpoint endpoint = source.parse();
			logger.info("Using Azure SignalR Service at " + endpoint.endpoint() + " (from " + source.setting() + ")");
			return new FixedServiceEndpointProvider(endpoint);
		}).orElseGet(PendingLocalServiceEndpointProvider::new);
	}

	/**
	 * Azure mode: every request goes to the endpoints of the connection string.
	 */
	record FixedServiceEndpointProvider(ServiceEndpoint endpoint) implements ServiceEndpointProvider {

		@Override
		public BeaconMode mode() {
			return BeaconMode.AZURE;
		}

		@Override
		public ServiceEndpoint forClient(URI requestOrigin) {
			return this.endpoint;
		}

		@Override
		public ServiceEndpoint forServer() {
			return this.endpoint;
		}

	}

	/**
	 * Local mode before the embedded service exists: negotiate answers 503.
	 */
	static final class PendingLocalServiceEndpointProvider implements ServiceEndpointProvider {

		PendingLocalServiceEndpointProvider() {
			logger.warn("No Azure SignalR connection string is configured: Beacon runs in local mode. "
					+ "Production needs beacon.signalr.connection-string (or AzureSignalRConnectionString).");
		}

		@Override
		public BeaconMode mode() {
			return BeaconMode.LOCAL;
		}

		@Override
		public ServiceEndpoint forClient(URI requestOrigin) {
			throw new ServiceUnavailableException("Beacon runs in local mode and the embedded local SignalR service "
					+ "is not available yet: configure an Azure SignalR connection string");
		}

		@Override
		public ServiceEndpoint forServer() {
			throw new ServiceUnavailableException("Beacon runs in local mode and the embedded local SignalR service "
					+ "is not available yet: configure an Azure SignalR connection string");
		}

	}

}
