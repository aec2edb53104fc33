package dev.beacon.restclient;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A data-plane request whose request line would be longer than the service reads
 * ({@link dev.beacon.protocol.RestLimits}): names long in their percent-encoded form, too
 * many excluded connections or too long a reason. Refused before anything goes out.
 */
public class RequestTooLongException extends ErrorResponseException {

	RequestTooLongException(int length, int max) {
		super(HttpStatus.BAD_REQUEST, problem(length, max), null);
	}

	private static ProblemDetail problem(int length, int max) {
		ProblemDetail problem = ProblemDetail
			.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request to SignalR Service would have a request line of "
					+ length + " bytes, more than the " + max
					+ " the service reads (names travel percent-encoded in the path: a character outside ASCII takes "
					+ "6 to 12 bytes): use shorter names, list fewer excluded connections or give a shorter reason");
		problem.setTitle("Request too long");
		return problem;
	}

}
