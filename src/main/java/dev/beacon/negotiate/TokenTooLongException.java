package dev.beacon.negotiate;

/**
 * The client's claims make a token longer than the service accepts.
 */
public class TokenTooLongException extends RuntimeException {

	TokenTooLongException(int length) {
		super("The access token would be " + length + " characters; the service accepts at most "
				+ NegotiateService.MAX_TOKEN_LENGTH + " (too many roles or too long a user ID)");
	}

}
