package dev.beacon.protocol;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A filter ({@code ?filter=} of a send or of {@code :execute}) that the service would
 * refuse, or that exceeds Beacon's bounds; raised by {@link ODataFilter#parse} before any
 * connection is matched. Answers 400 with a detail such as
 * {@code filter: at 14, expected ')' but found end of filter}.
 * <p>
 * The position is the 1-based column of the offending token counted in Unicode code
 * points, as an editor shows it, so a user ID with an emoji in it does not shift the
 * column; the end of the filter is its length plus one.
 */
public class InvalidFilterException extends ErrorResponseException {

	private final int position;

	private final String message;

	public InvalidFilterException(int position, String problem) {
		super(HttpStatus.BAD_REQUEST, problem(detail(position, problem)), null);
		this.position = position;
		this.message = detail(position, problem);
	}

	static InvalidFilterException at(String text, int index, String problem) {
		return new InvalidFilterException(column(text, index), problem);
	}

	static int column(String text, int index) {
		return text.codePointCount(0, Math.min(index, text.length())) + 1;
	}

	private static String detail(int position, String problem) {
		return "filter: at " + position + ", " + problem;
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid filter");
		return problem;
	}

	/**
	 * The 1-based column, in code points, of what is wrong.
	 * @return the column
	 */
	public int position() {
		return this.position;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

}
