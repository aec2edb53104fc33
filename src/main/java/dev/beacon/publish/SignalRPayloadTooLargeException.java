package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * The service refused the message as too large (413).
 */
public class SignalRPayloadTooLargeException extends SignalRException {

	public SignalRPayloadTooLargeException(String method, String path, String message, @Nullable Throwable cause) {
		super(method, path, message, cause);
	}

}
