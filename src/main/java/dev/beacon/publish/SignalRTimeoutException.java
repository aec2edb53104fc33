package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * The service did not answer in time; delivery is unknown.
 */
public class SignalRTimeoutException extends SignalRException {

	public SignalRTimeoutException(String method, String path, String message, @Nullable Throwable cause) {
		super(method, path, message, cause);
	}

}
