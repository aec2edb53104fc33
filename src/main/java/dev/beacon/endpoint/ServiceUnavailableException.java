package dev.beacon.endpoint;

/**
 * SignalR Service (or its local stand-in) cannot take requests right now.
 */
public class ServiceUnavailableException extends RuntimeException {

	public ServiceUnavailableException(String message) {
		super(message);
	}

}
