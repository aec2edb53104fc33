package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * The service reports the target does not exist (404).
 */
public class SignalRNotFoundException extends SignalRException {

	public SignalRNotFoundException(String method, String path, String message, @Nullable Throwable cause) {
		super(method, path, message, cause);
	}

}
