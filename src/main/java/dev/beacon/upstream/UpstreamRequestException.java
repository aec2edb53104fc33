package dev.beacon.upstream;

import org.springframework.http.HttpStatus;

/**
 * An upstream request Beacon refuses, with the status to answer.
 */
class UpstreamRequestException extends RuntimeException {

	private final HttpStatus status;

	UpstreamRequestException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	HttpStatus status() {
		return this.status;
	}

}
