package dev.beacon.credential;

import dev.beacon.system.ServiceUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The key client tokens are signed with when the resource has no access keys: fetched
 * from the service's access-key API by the publish feature, which asks {@link #due()}
 * every few seconds. Timing follows the SDK ({@code MicrosoftEntraAccessKey}): renewed
 * when 55 minutes old, never used when older than 120 minutes. After a failure Beacon
 * tries again sooner than the SDK's 5 minutes: after 5 seconds, doubling up to 5 minutes,
 * so a role assignment that is still propagating does not keep negotiate down for long.
 */
final class EntraSigningKey {

	static final Duration RENEW_AFTER = Duration.ofMinutes(55);

	static final Duration MAX_AGE = Duration.ofMinutes(120);

	static final Duration FIRST_RETRY = Duration.ofSeconds(5);

	static final Duration MAX_RETRY = Duration.ofMinutes(5);

	private final Clock clock;

	private volatile State state;

	EntraSigningKey(Clock clock) {
		this.clock = clock;
		this.state = new State(null, "it has not been fetched yet", 0, Instant.MIN);
	}

	AccessKey current() {
		State current = this.state;
		Instant now = this.clock.instant();
		Fetched fetched = current.fetched();
		if (fetched != null && fetched.usableAt(now)) {
			return fetched.key();
		}
		String detail = (fetched == null) ? "Beacon has no key to sign client tokens with yet: " + current.failure()
				: "Beacon's key to sign client tokens with is older than " + MAX_AGE.toMinutes() + " minutes and "
						+ ((current.failure() != null) ? "could not be renewed: " + current.failure()
								: "its renewal has not finished yet");
		Duration retryAfter = current.nextAttempt().isAfter(now) ? Duration.between(now, current.nextAttempt())
				: FIRST_RETRY;
		throw new ServiceUnavailableException(detail, retryAfter);
	}

	boolean due() {
		return !this.clock.instant().isBefore(this.state.nextAttempt());
	}

	void fetched(AccessKey key) {
		Instant now = this.clock.instant();
		this.state = new State(new Fetched(key, now), null, 0, now.plus(RENEW_AFTER));
	}

	void failed(String reason) {
		State current = this.state;
		int failures = current.failures() + 1;
		Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
		if (delay.compareTo(MAX_RETRY) > 0) {
			delay = MAX_RETRY;
		}
		this.state = new State(current.fetched(), reason, failures, this.clock.instant().plus(delay));
	}

	boolean valid() {
		Fetched fetched = this.state.fetched();
		return fetched != null && fetched.usableAt(this.clock.instant());
	}

	@Nullable Instant fetchedAt() {
		Fetched fetched = this.state.fetched();
		return (fetched != null) ? fetched.at() : null;
	}

	@Nullable String lastFailure() {
		return this.state.failure();
	}

	private record State(@Nullable Fetched fetched, @Nullable String failure, int failures, Instant nextAttempt) {
	}

	private record Fetched(AccessKey key, Instant at) {

		boolean usableAt(Instant now) {
			return now.isBefore(this.at.plus(MAX_AGE));
		}

	}

}
