package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The service refused Beacon's request as invalid (400): Beacon built it, so the caller's
 * request was fine.
 */
public class SignalRInvalidArgumentException extends SignalRException {

	public SignalRInvalidArgumentException(String method, String path, String message, @Nullable Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, "SignalR Service rejected the request", method, path, message, cause);
	}

}
