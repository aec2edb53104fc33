package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * A data-plane REST call failed. Messages name the request method and path (never a token
 * or key). Subclasses say how: each maps to one HTTP status at Beacon's edge.
 */
public abstract class SignalRException extends RuntimeException {

	private final String method;

	private final String path;

	protected SignalRException(String method, String path, String message, @Nullable Throwable cause) {
		super(message + " (" + method + " " + path + ")", cause);
		this.method = method;
		this.path = path;
	}

	public String method() {
		return this.method;
	}

	public String path() {
		return this.path;
	}

}
