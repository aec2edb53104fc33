package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * The service answered with an unexpected status.
 */
public class SignalRRejectedException extends SignalRException {

	public SignalRRejectedException(String method, String path, String message, @Nullable Throwable cause) {
		super(method, path, message, cause);
	}

}
