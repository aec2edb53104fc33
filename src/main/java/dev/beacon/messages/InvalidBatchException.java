package dev.beacon.messages;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A batch with a message that is not valid, or with too few or too many: answers 400
 * naming each problem's message index and field, and nothing was sent.
 */
class InvalidBatchException extends ErrorResponseException {

	/** Problems named in the detail; the rest are counted. */
	static final int NAMED = 20;

	InvalidBatchException(List<String> problems) {
		super(HttpStatus.BAD_REQUEST, problem(problems), null);
	}

	private static ProblemDetail problem(List<String> problems) {
		String detail = String.join("; ", problems.subList(0, Math.min(NAMED, problems.size())));
		if (problems.size() > NAMED) {
			detail += "; and " + (problems.size() - NAMED) + " more";
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid request");
		return problem;
	}

}
