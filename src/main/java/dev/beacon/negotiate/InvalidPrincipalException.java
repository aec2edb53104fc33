package dev.beacon.negotiate;

/**
 * The Easy Auth principal header could not be read.
 */
public class InvalidPrincipalException extends RuntimeException {

	InvalidPrincipalException(String message) {
		super(message);
	}

}
