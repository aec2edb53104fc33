package dev.beacon.endpoint;

import org.springframework.core.env.Environment;

/**
 * Whether Beacon talks to Azure SignalR Service or to its embedded local service.
 */
public enum BeaconMode {

	/** A connection string was configured: clients and REST calls go to Azure. */
	AZURE,

	/** No connection string: the embedded local service stands in for Azure. */
	LOCAL;

	/**
	 * The mode a run's settings imply.
	 * @param environment the run's environment
	 * @return {@link #AZURE} when a connection string or a list of endpoints is
	 * configured, {@link #LOCAL} otherwise
	 */
	public static BeaconMode of(Environment environment) {
		return ConfiguredEndpoints.present(environment) ? AZURE : LOCAL;
	}

}
