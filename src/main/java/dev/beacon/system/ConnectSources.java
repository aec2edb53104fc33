package dev.beacon.system;

import java.net.URI;
import java.util.List;

/**
 * Origins other than Beacon's own that its pages may connect to (the SignalR Service
 * client endpoints), for the content security policy. Provided by the feature that knows
 * the service; none means Beacon's own origin only.
 */
@FunctionalInterface
public interface ConnectSources {

	/**
	 * The origins to allow, {@code https} ones also as {@code wss}.
	 * @return scheme, host and port of each
	 */
	List<URI> origins();

}
