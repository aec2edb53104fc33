package dev.beacon.protocol;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A hub, group, user or connection name that the service would refuse, or that a URL
 * could not carry unchanged; raised before any request goes out. Answers 400.
 */
public class InvalidNameException extends ErrorResponseException {

	private final String kind;

	private final String message;

	public InvalidNameException(String kind, String rule) {
		super(HttpStatus.BAD_REQUEST, problem("Invalid " + kind + " name: " + rule), null);
		this.kind = kind;
		this.message = "Invalid " + kind + " name: " + rule;
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid name");
		return problem;
	}

	public String kind() {
		return this.kind;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

}
