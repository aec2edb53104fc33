package dev.beacon.system;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * SignalR Service (or its local stand-in) cannot take requests right now. Answers 503
 * with {@code Retry-After}.
 */
public class ServiceUnavailableException extends ErrorResponseException {

	public ServiceUnavailableException(String message) {
		this(message, Duration.ofSeconds(1));
	}

	/**
	 * @param message the detail
	 * @param retryAfter when to try again, at least a second
	 */
	public ServiceUnavailableException(String message, Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "SignalR Service unavailable", message), null);
		// Rounded up: a client that waits exactly this long must not come back too early.
		long seconds = (retryAfter.toMillis() + 999) / 1000;
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, seconds)));
	}

	/** The {@code Retry-After} this exception answers with. */
	public Duration retryAfter() {
		return Duration.ofSeconds(Long.parseLong(getHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
