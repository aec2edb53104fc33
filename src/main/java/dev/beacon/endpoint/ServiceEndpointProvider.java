package dev.beacon.endpoint;

import java.net.URI;

/**
 * Where clients and REST calls go. In Azure mode both are fixed by the connection string;
 * in local mode the client endpoint follows the origin the browser used to reach Beacon.
 */
public interface ServiceEndpointProvider {

	BeaconMode mode();

	/**
	 * The endpoint to redirect a client to.
	 * @param requestOrigin scheme, host and port of the negotiate request as the client
	 * saw it (forwarded headers applied)
	 * @return the endpoint clients connect to
	 */
	ServiceEndpoint forClient(URI requestOrigin);

	/**
	 * The endpoint for Beacon's own data-plane REST calls.
	 * @return the endpoint REST calls go to
	 */
	ServiceEndpoint forServer();

}
