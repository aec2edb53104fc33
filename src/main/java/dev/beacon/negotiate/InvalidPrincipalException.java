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
		return getBody().getDetail();
	}

}
