package dev.beacon.restclient;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

import dev.beacon.endpoint.SignalRProperties.Retry;
import dev.beacon.restclient.RestApiRequest.Kind;
import org.jspecify.annotations.Nullable;

/**
 * What to retry, and when. The rules and their reasons live here, in one place:
 * <ul>
 * <li>Message sends are retried only when the service certainly did not deliver: 429,
 * 502, 503, 504, a failed connect, or a timeout. Never on a 500 (the service answers 500
 * for its own timeouts too, after it may have delivered; a retry would duplicate) nor on
 * a connection broken mid-request.</li>
 * <li>Idempotent calls (groups, close, existence, health) are retried on any 5xx, 408,
 * 429 and any I/O error: doing them twice is harmless.</li>
 * <li>A {@code Retry-After} (on 429 and 503) is honoured; one longer than
 * {@code max-delay} ends the retries at once, and the caller gets it back to pass
 * on.</li>
 * <li>Otherwise exponential backoff from {@code base-delay}, capped at {@code max-delay},
 * with jitter (half to full delay) so clients do not retry in lockstep; never past the
 * call's deadline.</li>
 * </ul>
 */
final class RetryPolicy {

	private final Retry settings;

	private final RandomGenerator random;

	RetryPolicy(Retry settings, RandomGenerator random) {
		this.settings = settings;
		this.random = random;
	}

	/**
	 * Decides whether to try again.
	 * @param kind whether the request is a send
	 * @param retriesSoFar how many retries were already made
	 * @param failure how the last attempt failed
	 * @param remaining time left before the call's deadline
	 * @return the delay before the next attempt, or empty to give up
	 */
	Optional<Duration> nextDelay(Kind kind, int retriesSoFar, Failure failure, Duration remaining) {
		if (retriesSoFar >= this.settings.maxRetries() || !retryable(kind, failure)) {
			return Optional.empty();
		}
		Duration delay = (failure.retryAfter() != null) ? failure.retryAfter() : backoff(retriesSoFar);
		if (delay.compareTo(this.settings.maxDelay()) > 0 || delay.compareTo(remaining) >= 0) {
			return Optional.empty();
		}
		return Optional.of(delay);
	}

	static boolean retryable(Kind kind, Failure failure) {
		return switch (failure.type()) {
			case CONNECT, TIMEOUT -> true;
			case IO -> kind == Kind.IDEMPOTENT;
			case STATUS -> switch (failure.status()) {
				case 429, 502, 503, 504 -> true;
				case 408 -> kind == Kind.IDEMPOTENT;
				default -> kind == Kind.IDEMPOTENT && failure.status() >= 500;
			};
		};
	}

	private Duration backoff(int retriesSoFar) {
		long exponential = this.settings.baseDelay().toMillis() << Math.min(retriesSoFar, 20);
		long capped = Math.min(exponential, this.settings.maxDelay().toMillis());
		return Duration.ofMillis(capped / 2 + this.random.nextLong(capped / 2 + 1));
	}

	/**
	 * How an attempt failed.
	 *
	 * @param type the kind of failure
	 * @param status the HTTP status for {@link Type#STATUS}, else 0
	 * @param retryAfter the service's {@code Retry-After}, if it sent one
	 * @param reason a short reason for metrics: {@code status_503}, {@code timeout}, ...
	 */
	record Failure(Type type, int status, @Nullable Duration retryAfter, String reason) {

		static Failure status(int status, @Nullable Duration retryAfter) {
			return new Failure(Type.STATUS, status, retryAfter, "status_" + status);
		}

		static Failure of(Type type) {
			return new Failure(type, 0, null, type.name().toLowerCase(java.util.Locale.ROOT));
		}

	}

	enum Type {

		/** The service answered with an error status. */
		STATUS,

		/** No connection was made (refused, DNS, TLS): nothing was sent. */
		CONNECT,

		/** No answer in time. */
		TIMEOUT,

		/** The connection broke after the request may have been sent. */
		IO

	}

}
