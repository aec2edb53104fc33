package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * The service refused Beacon's credentials (401/403): check the AccessKey and the clock.
 */
public class SignalRUnauthorizedException extends SignalRException {

	public SignalRUnauthorizedException(String method, String path, String message, @Nullable Throwable cause) {
		super(method, path, message, cause);
	}

}
