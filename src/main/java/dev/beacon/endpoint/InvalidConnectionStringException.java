package dev.beacon.endpoint;

/**
 * A connection string Beacon cannot use. The message names the offending key and never
 * contains the AccessKey or any other value of the connection string.
 */
public class InvalidConnectionStringException extends RuntimeException {

	public InvalidConnectionStringException(String message) {
		super(message);
	}

}
