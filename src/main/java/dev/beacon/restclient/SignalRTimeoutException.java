package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The service did not answer in time; delivery is unknown.
 */
public class SignalRTimeoutException extends SignalRException {

	public SignalRTimeoutException(String method, String path, String message, @Nullable Throwable cause) {
		super(HttpStatus.GATEWAY_TIMEOUT, "SignalR Service timeout", method, path, message, cause);
	}

	@Override
	protected String detail(String message) {
		return message + ". Delivery is unknown: the message may or may not have reached clients";
	}

}
