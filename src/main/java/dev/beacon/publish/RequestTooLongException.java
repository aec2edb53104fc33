package dev.beacon.publish;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A data-plane request whose URL would be longer than Beacon sends: too many excluded
 * connections or too long a reason. Refused before anything goes out.
 */
public class RequestTooLongException extends ErrorResponseException {

	RequestTooLongException(int length, int max) {
		super(HttpStatus.BAD_REQUEST, problem(length, max), null);
	}

	private static ProblemDetail problem(int length, int max) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request to SignalR Service would have a URL of " + length + " characters, more than the " + max
						+ " Beacon sends: list fewer excluded connections or give a shorter reason");
		problem.setTitle("Request too long");
		return problem;
	}

}
