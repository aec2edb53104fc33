package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The service reports the target does not exist (404).
 */
public class SignalRNotFoundException extends SignalRException {

	public SignalRNotFoundException(String method, String path, String message, @Nullable Throwable cause) {
		super(HttpStatus.NOT_FOUND, "Not found", method, path, message, cause);
	}

}
