package dev.beacon.endpoint;

/**
 * A request named a hub that Beacon is not configured to serve.
 */
public class UnknownHubException extends RuntimeException {

	public UnknownHubException(String hub) {
		super("Hub '" + abbreviate(hub) + "' is not configured (see beacon.signalr.hub and beacon.signalr.hubs)");
	}

	private static String abbreviate(String hub) {
		if (hub == null) {
			return "";
		}
		return (hub.length() > 64) ? hub.substring(0, 64) + "..." : hub;
	}

}
