package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The service answered with an unexpected status.
 */
public class SignalRRejectedException extends SignalRException {

	public SignalRRejectedException(String method, String path, String message, @Nullable Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, "SignalR Service rejected the request", method, path, message, cause);
	}

}
