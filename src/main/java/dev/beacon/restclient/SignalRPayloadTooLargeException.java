package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The service refused the message as too large (413).
 */
public class SignalRPayloadTooLargeException extends SignalRException {

	public SignalRPayloadTooLargeException(String method, String path, String message, @Nullable Throwable cause) {
		super(HttpStatus.CONTENT_TOO_LARGE, "Message too large", method, path, message, cause);
	}

}
