package dev.beacon.local;

/**
 * The local service refused a token.
 */
class LocalAuthenticationException extends RuntimeException {

	LocalAuthenticationException(String message) {
		super(message);
	}

}
