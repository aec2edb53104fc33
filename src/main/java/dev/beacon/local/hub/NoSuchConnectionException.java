package dev.beacon.local.hub;

/**
 * The hub has no such connection.
 */
public class NoSuchConnectionException extends RuntimeException {

	public NoSuchConnectionException() {
		super("The connection does not exist", null, false, false);
	}

}
