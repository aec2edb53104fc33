package dev.beacon.protocol;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A claim value the service's upstream claims header could not carry unambiguously.
 * Answers 400.
 */
public class InvalidClaimException extends ErrorResponseException {

	InvalidClaimException(String type) {
		super(HttpStatus.BAD_REQUEST, problem(type), null);
	}

	private static ProblemDetail problem(String type) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The " + type
				+ " claim contains ', ', which SignalR Service's upstream claims header cannot carry unambiguously "
				+ "(it separates claims with ', '): the identity provider's value must not contain it");
		problem.setTitle("Invalid claim");
		return problem;
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
