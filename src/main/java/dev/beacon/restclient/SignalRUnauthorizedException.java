package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The service refused Beacon's credentials (401/403): check the AccessKey and the clock.
 */
public class SignalRUnauthorizedException extends SignalRException {

	public SignalRUnauthorizedException(String method, String path, String message, @Nullable Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, "SignalR Service rejected the request", method, path, message, cause);
	}

}
