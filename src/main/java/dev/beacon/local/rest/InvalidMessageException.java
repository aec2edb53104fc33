package dev.beacon.local.rest;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A REST send whose body is not a hub invocation. Answers 400.
 */
public class InvalidMessageException extends ErrorResponseException {

	public InvalidMessageException(String message) {
		super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "Invalid message", message), null);
	}

}
