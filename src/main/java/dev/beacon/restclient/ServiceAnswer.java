package dev.beacon.restclient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.credential.EntraCredential;
import dev.beacon.credential.ServiceCredential;
import dev.beacon.restclient.RestApiRequest.Kind;
import dev.beacon.restclient.RetryPolicy.Failure;
import dev.beacon.restclient.RetryPolicy.Type;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;

/**
 * What one attempt of a data-plane call produced, a status or an I/O failure, and the one
 * mapping from it to a {@link SignalRException}.
 *
 * @param status the HTTP status, 0 after an I/O failure
 * @param retryAfter the service's {@code Retry-After}, if any
 * @param message the service's own error message, if it sent one
 * @param error the I/O failure, if any
 * @param body the answer's body when the call reads its answer as its result (a 2xx of
 * {@code :invoke} or a group listing), else empty
 * @param errorCode the service's {@code x-ms-error-code}, if any
 */
record ServiceAnswer(int status, @Nullable Duration retryAfter, String message, @Nullable IOException error,
		byte[] body, @Nullable String errorCode) {

	static ServiceAnswer failed(IOException error) {
		return new ServiceAnswer(0, null, "", error, new byte[0], null);
	}

	boolean successful() {
		return this.status / 100 == 2;
	}

	/** Whether no answer came in the call's time. */
	boolean timedOut() {
		return this.error != null && ioType(this.error) == Type.TIMEOUT;
	}

	Failure failure() {
		return (this.error != null) ? Failure.of(ioType(this.error)) : Failure.status(this.status, this.retryAfter);
	}

	/**
	 * Whether this answer says the instance is down: it could not be connected to, or a
	 * gateway in front of it answered 502, 503 or 504. A 504 to {@code :invoke} is the
	 * instance saying the client did not answer in time: it is up.
	 */
	boolean takesEndpointOffline(RestApiRequest request) {
		if (this.error != null) {
			return ioType(this.error) == Type.CONNECT;
		}
		return this.status == 502 || this.status == 503
				|| (this.status == 504 && !"invoke".equals(request.operation()));
	}

	String describe() {
		return (this.error != null) ? failure().reason() : String.valueOf(this.status);
	}

	SignalRException toException(RestApiRequest request, ServiceCredential credential) {
		String method = request.method().name();
		String path = request.path();
		if (this.error != null) {
			return (ioType(this.error) == Type.TIMEOUT)
					? new SignalRTimeoutException(method, path, "SignalR Service did not answer in time", this.error)
					: new SignalRUnavailableException(method, path,
							"SignalR Service could not be reached (" + failure().reason() + ")", null, this.error);
		}
		String detail = this.message.isEmpty() ? "" : ": " + this.message;
		return switch (this.status) {
			case 400 ->
				new SignalRInvalidArgumentException(method, path, "SignalR Service refused the request" + detail, null);
			case 401, 403 -> new SignalRUnauthorizedException(method, path, refusedToken(credential), null);
			case 404 -> new SignalRNotFoundException(method, path, "SignalR Service found no such target", null);
			case 413 -> new SignalRPayloadTooLargeException(method, path,
					"SignalR Service refused the message as too large (it accepts at most 1 MB)", null);
			default -> (this.status == 429 || HttpStatusCode.valueOf(this.status).is5xxServerError())
					&& RetryPolicy.retryable(request.kind(), failure())
							? new SignalRUnavailableException(method, path,
									"SignalR Service is unavailable (" + this.status + ")" + detail, this.retryAfter,
									null)
							: new SignalRRejectedException(method, path,
									"SignalR Service answered " + this.status
											+ ((request.kind() == Kind.SEND)
													? "; the message may or may not have been delivered" : "")
											+ detail,
									null);
		};
	}

	private String refusedToken(ServiceCredential credential) {
		return switch (credential) {
			case AccessKeyCredential key -> "SignalR Service refused Beacon's token (" + this.status
					+ "): check the AccessKey and that this machine's clock is right";
			case EntraCredential entra -> "SignalR Service refused Beacon's Microsoft Entra token (" + this.status
					+ "): give " + entra.identity().describe()
					+ " the \"SignalR Service Owner\" role on the resource (it takes a few minutes to apply)";
		};
	}

	private static Type ioType(IOException error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
					|| cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
					|| cause instanceof SSLException) {
				return Type.CONNECT;
			}
			if (cause instanceof HttpTimeoutException) {
				return Type.TIMEOUT;
			}
		}
		return Type.IO;
	}

}
