package dev.beacon.system;

/**
 * A publishing call came without a valid API key.
 */
public class MissingApiKeyException extends RuntimeException {

	MissingApiKeyException(String message) {
		super(message);
	}

}
