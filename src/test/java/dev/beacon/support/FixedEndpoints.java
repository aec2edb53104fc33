package dev.beacon.support;

import java.net.URI;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ConnectionStringParser;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;

/**
 * An Azure-mode endpoint provider for tests that build beans by hand.
 */
public record FixedEndpoints(ServiceEndpoint endpoint) implements ServiceEndpointProvider {

	public static FixedEndpoints of(String connectionString) {
		return new FixedEndpoints(ConnectionStringParser.parse(connectionString));
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
