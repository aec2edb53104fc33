package dev.beacon.local;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A REST send whose body is not a hub invocation. Answers 400.
 */
class InvalidMessageException extends ErrorResponseException {

	InvalidMessageException(String message) {
		super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "Invalid message", message), null);
	}

}
