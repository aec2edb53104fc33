package dev.beacon.endpoint;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where clients and REST calls go. In Azure mode the configured instances, with health
 * when there are several; in local mode the client endpoint follows the origin the
 * browser used to reach Beacon.
 */
public interface ServiceEndpointProvider {

	BeaconMode mode();

	/**
	 * The endpoint to redirect a client to.
	 * @param requestOrigin scheme, host and port of the negotiate request as the client
	 * saw it (forwarded headers applied)
	 * @return the endpoint clients connect to
	 * @throws ServiceUnavailableException when none is online
	 */
	ServiceEndpoint forClient(URI requestOrigin);

	/**
	 * The endpoint to redirect a client to, for a known user.
	 * @param requestOrigin as for {@link #forClient(URI)}
	 * @param userId the user, null when anonymous
	 * @return the endpoint clients connect to
	 * @throws ServiceUnavailableException when none is online
	 */
	default ServiceEndpoint forClient(URI requestOrigin, @Nullable String userId) {
		return forClient(requestOrigin);
	}

	/**
	 * One endpoint for a call that needs only one (an online primary first).
	 * @return the endpoint
	 * @throws ServiceUnavailableException when none is online
	 */
	ServiceEndpoint forServer();

	/** Every configured endpoint, online or not. */
	default List<ServiceEndpoint> all() {
		return List.of(forServer());
	}

	/** The endpoints requests go to now: sends reach every one of them. */
	default List<ServiceEndpoint> online() {
		return all();
	}

	/** Each endpoint's health, in configuration order. */
	default List<EndpointStatus> statuses() {
		return all().stream().map((endpoint) -> new EndpointStatus(endpoint, true, null, null)).toList();
	}

	/** Whether endpoints are health-checked and taken offline (several instances). */
	default boolean tracksHealth() {
		return false;
	}

	/**
	 * A request to the endpoint could not connect or got 502, 503 or 504, or its health
	 * check failed: it goes offline when health is tracked.
	 * @param endpoint the endpoint
	 * @param reason why, without secrets
	 * @param fromHealthCheck whether a health check found it
	 */
	default void reportFailure(ServiceEndpoint endpoint, String reason, boolean fromHealthCheck) {
	}

	/**
	 * The endpoint's health check succeeded: it is online.
	 * @param endpoint the endpoint
	 */
	default void reportHealthy(ServiceEndpoint endpoint) {
	}

}
