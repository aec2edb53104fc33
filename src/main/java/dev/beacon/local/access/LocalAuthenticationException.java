package dev.beacon.local.access;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The local service refused a token. Answers 401.
 */
public class LocalAuthenticationException extends ErrorResponseException {

	public LocalAuthenticationException(String message) {
		super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized", message), null);
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
