package dev.beacon.local;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A transport request named no known connection (unknown, expired or closed id). Answers
 * 404.
 */
class UnknownConnectionException extends ErrorResponseException {

	UnknownConnectionException() {
		super(HttpStatus.NOT_FOUND,
				Problems.of(HttpStatus.NOT_FOUND, "Unknown connection", "No connection with this id: negotiate again"),
				null);
	}

}
