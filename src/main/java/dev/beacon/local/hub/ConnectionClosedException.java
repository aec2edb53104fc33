package dev.beacon.local.hub;

/**
 * The connection ended before the client answered an invocation.
 */
public class ConnectionClosedException extends RuntimeException {

	public ConnectionClosedException() {
		super("The connection closed before the client answered", null, false, false);
	}

}
