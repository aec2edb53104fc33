package dev.beacon.local;

/**
 * A transport request named no known connection (unknown, expired or closed id).
 */
class UnknownConnectionException extends RuntimeException {

	UnknownConnectionException() {
		super("No connection with this id: negotiate again");
	}

}
