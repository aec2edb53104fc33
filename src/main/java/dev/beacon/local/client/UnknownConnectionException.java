package dev.beacon.local.client;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A transport request named no known connection (unknown, expired or closed id). Answers
 * 404.
 */
public class UnknownConnectionException extends ErrorResponseException {

	public UnknownConnectionException() {
		super(HttpStatus.NOT_FOUND,
				Problems.of(HttpStatus.NOT_FOUND, "Unknown connection", "No connection with this id: negotiate again"),
				null);
	}

}
