package dev.beacon.store;

import dev.beacon.system.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The shared store did not answer in time or refused the call; the detail says which
 * ({@link StoreFault}). Answers 503 with {@code Retry-After}: the caller's request was
 * fine and nothing was recorded.
 */
public class StoreUnavailableException extends ErrorResponseException {

	static final String RETRY_AFTER_SECONDS = "5";

	public StoreUnavailableException(String operation, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable", "The shared store (Redis) "
						+ StoreFault.describe(cause) + " at " + operation + "; nothing was recorded. Retry later"),
				cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
