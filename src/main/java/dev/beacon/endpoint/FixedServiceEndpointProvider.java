package dev.beacon.endpoint;

import java.net.URI;

/**
 * Azure mode: every request goes to the endpoints of the connection string.
 *
 * @param endpoint the parsed connection string
 */
public record FixedServiceEndpointProvider(ServiceEndpoint endpoint) implements ServiceEndpointProvider {

	public static FixedServiceEndpointProvider of(String connectionString) {
		return new FixedServiceEndpointProvider(ConnectionStringParser.parse(connectionString));
	}

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
