package dev.beacon.restclient;

import org.springframework.http.HttpStatus;

/**
 * A client result that did not come: the client answered with an error (its handler
 * threw, or it has none), the connection closed while the call waited, or no answer came
 * in time. The problem carries a {@code code} saying which, so a caller can tell the
 * client's own error ({@value #CLIENT_ERROR}, with the client's text as the detail) from
 * the connection's fate.
 */
public class SignalRClientResultException extends SignalRException {

	/** The client answered with an error: 422, its text as the detail. */
	public static final String CLIENT_ERROR = "Client.Error";

	/** The connection closed before it answered: 410. */
	public static final String CONNECTION_CLOSED = "Connection.Closed";

	/** No answer within the call's timeout: 504. */
	public static final String TIMEOUT = "Client.Timeout";

	private final String code;

	public SignalRClientResultException(HttpStatus status, String code, String method, String path, String message) {
		super(status, title(code), method, path, message, null);
		this.code = code;
		getBody().setProperty("code", code);
	}

	/** What the client itself said: the detail is its text alone. */
	@Override
	protected String detail(String message) {
		return message.substring(0, message.lastIndexOf(" (")).strip();
	}

	public String code() {
		return this.code;
	}

	private static String title(String code) {
		return switch (code) {
			case CLIENT_ERROR -> "The client answered with an error";
			case CONNECTION_CLOSED -> "The connection closed before it answered";
			default -> "The client did not answer in time";
		};
	}

	static SignalRClientResultException clientError(String method, String path, String clientText) {
		return new SignalRClientResultException(HttpStatus.UNPROCESSABLE_CONTENT, CLIENT_ERROR, method, path,
				clientText.isEmpty() ? "The client answered with an error and no text" : clientText);
	}

	static SignalRClientResultException closed(String method, String path) {
		return new SignalRClientResultException(HttpStatus.GONE, CONNECTION_CLOSED, method, path,
				"The connection closed before the client answered");
	}

	static SignalRClientResultException timeout(String method, String path, java.time.Duration timeout) {
		return new SignalRClientResultException(HttpStatus.GATEWAY_TIMEOUT, TIMEOUT, method, path,
				"The client did not answer within " + timeout.toMillis() / 1000.0 + " s");
	}

}
