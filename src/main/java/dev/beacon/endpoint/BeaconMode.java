package dev.beacon.endpoint;

/**
 * Whether Beacon talks to Azure SignalR Service or to its embedded local service.
 */
public enum BeaconMode {

	/** A connection string was configured: clients and REST calls go to Azure. */
	AZURE,

	/** No connection string: the embedded local service stands in for Azure. */
	LOCAL

}
