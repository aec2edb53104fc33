package dev.beacon.local;

/**
 * A REST send whose body is not a hub invocation.
 */
class InvalidMessageException extends RuntimeException {

	InvalidMessageException(String message) {
		super(message);
	}

}
