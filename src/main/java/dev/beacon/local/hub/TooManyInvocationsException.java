package dev.beacon.local.hub;

/**
 * A connection already owes as many client results as it may.
 */
public class TooManyInvocationsException extends RuntimeException {

	public TooManyInvocationsException(int max) {
		super("The connection already owes " + max + " client results (beacon.local.max-pending-invocations)", null,
				false, false);
	}

}
