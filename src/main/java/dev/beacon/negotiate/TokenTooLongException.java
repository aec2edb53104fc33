package dev.beacon.negotiate;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The client's claims make a token longer than the service accepts. Answers 413.
 */
public class TokenTooLongException extends ErrorResponseException {

	TokenTooLongException(int length) {
		super(HttpStatus.CONTENT_TOO_LARGE,
				Problems
					.of(HttpStatus.CONTENT_TOO_LARGE, "Access token too long",
							"The access token would be " + length + " characters; the service accepts at most "
									+ NegotiateService.MAX_TOKEN_LENGTH + " (too many roles or too long a user ID)"),
				null);
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
