package dev.beacon.publish;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The service is unavailable or throttling (429, 5xx, connection failures) and retries
 * were exhausted; carries the service's {@code Retry-After} when it gave one.
 */
public class SignalRUnavailableException extends SignalRException {

	private final @Nullable Duration retryAfter;

	public SignalRUnavailableException(String method, String path, String message, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(method, path, message, cause);
		this.retryAfter = retryAfter;
	}

	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
