package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A data-plane REST call failed. Messages name the request method and path (never a token
 * or key). Subclasses say how, each with the status and title Beacon answers with at its
 * edge (502 where the service refused Beacon's own request: the caller's request was
 * fine).
 */
public abstract class SignalRException extends ErrorResponseException {

	private final String method;

	private final String path;

	private final String message;

	protected SignalRException(HttpStatus status, String title, String method, String path, String message,
			@Nullable Throwable cause) {
		super(status, ProblemDetail.forStatus(status), cause);
		this.method = method;
		this.path = path;
		this.message = message + " (" + method + " " + path + ")";
		getBody().setTitle(title);
		getBody().setDetail(detail(this.message));
	}

	/** The problem's detail; by default the message. */
	protected String detail(String message) {
		return message;
	}

	public String method() {
		return this.method;
	}

	public String path() {
		return this.path;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

}
