package dev.beacon.restclient;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The service is unavailable or throttling (429, 5xx, connection failures) and retries
 * were exhausted; carries the service's {@code Retry-After} when it gave one. Answers 503
 * with {@code Retry-After} in whole seconds, rounded up so a caller that waits finds the
 * service ready; without the service's hint, a short default still tells callers to come
 * back.
 */
public class SignalRUnavailableException extends SignalRException {

	static final long DEFAULT_RETRY_AFTER_SECONDS = 5;

	private final @Nullable Duration retryAfter;

	public SignalRUnavailableException(String method, String path, String message, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "SignalR Service unavailable", method, path, message, cause);
		this.retryAfter = retryAfter;
		long seconds = (retryAfter != null) ? Math.max(1, (retryAfter.toMillis() + 999) / 1000)
				: DEFAULT_RETRY_AFTER_SECONDS;
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
	}

	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
