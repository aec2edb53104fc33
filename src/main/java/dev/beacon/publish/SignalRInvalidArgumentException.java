package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * The service rejected the request as invalid (400).
 */
public class SignalRInvalidArgumentException extends SignalRException {

	public SignalRInvalidArgumentException(String method, String path, String message, @Nullable Throwable cause) {
		super(method, path, message, cause);
	}

}
