package dev.beacon.endpoint;

/**
 * The role of one SignalR Service instance among several, as the SDK names them.
 */
public enum EndpointType {

	/** Serves clients whenever it is online. */
	PRIMARY,

	/** Serves new clients only while no primary is online (disaster recovery). */
	SECONDARY

}
