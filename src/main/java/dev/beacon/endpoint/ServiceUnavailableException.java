package dev.beacon.endpoint;

import dev.beacon.system.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * SignalR Service (or its local stand-in) cannot take requests right now. Answers 503
 * with {@code Retry-After}.
 */
public class ServiceUnavailableException extends ErrorResponseException {

	static final String RETRY_AFTER_SECONDS = "1";

	public ServiceUnavailableException(String message) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "SignalR Service unavailable", message), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
