package dev.beacon.upstream;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An upstream request Beacon refuses, with the status to answer.
 */
class UpstreamRequestException extends ErrorResponseException {

	UpstreamRequestException(HttpStatus status, String message) {
		super(status, Problems.of(status, status.getReasonPhrase(), message), null);
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
