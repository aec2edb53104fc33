package dev.beacon.local.hub;

/**
 * A connection already owes as many client results as it may.
 */
public class TooManyInvocationsException extends RuntimeException {

	private final String message;

	public TooManyInvocationsException(int max) {
		this("The connection already owes " + max + " client results (beacon.local.max-pending-invocations)");
	}

	private TooManyInvocationsException(String message) {
		super(message, null, false, false);
		this.message = message;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

}
