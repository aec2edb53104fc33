package dev.beacon.negotiate;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The Easy Auth principal header could not be read. Answers 400.
 */
public class InvalidPrincipalException extends ErrorResponseException {

	InvalidPrincipalException(String message) {
		super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "Invalid client principal", message), null);
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
