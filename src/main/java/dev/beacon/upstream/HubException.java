package dev.beacon.upstream;

/**
 * Thrown by a hub method to fail an invocation with a message the client may see, as
 * ASP.NET Core's {@code HubException}. Any other exception reaches the client only as a
 * generic error.
 */
public class HubException extends RuntimeException {

	public HubException(String message) {
		super(message);
	}

}
