package dev.beacon.credential;

import java.time.Duration;
import java.time.Instant;

import dev.beacon.support.FakeTokenCredential;
import dev.beacon.support.MovableClock;
import dev.beacon.support.TestKeys;
import dev.beacon.system.ServiceUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fetched signing key's life with a clock the test moves: usable from its fetch for
 * 120 minutes, due for renewal after 55, and retried after failures from 5 seconds
 * doubling to 5 minutes; negotiate's 503 says why and when to come back.
 */
class EntraSigningKeyTests {

	static final AccessKey KEY = new AccessKey(TestKeys.ACCESS_KEY, "key-1");

	static final String FORBIDDEN = "system-assigned managed identity may not use SignalR Service's access-key API (403)";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final EntraSigningKey signingKey = new EntraSigningKey(this.clock);

	@Test
	void withoutAKeySigningAnswers503SayingNoneWasFetchedYet() {
		assertThat(this.signingKey.due()).isTrue();
		assertThat(this.signingKey.valid()).isFalse();
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.signingKey::current)
			.withMessage("Beacon has no key to sign client tokens with yet: it has not been fetched yet")
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void withoutAKeyThe503GivesTheReasonTheLastFetchFailed() {
		this.signingKey.failed(FORBIDDEN);

		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.signingKey::current)
			.withMessage("Beacon has no key to sign client tokens with yet: " + FORBIDDEN);
		assertThat(this.signingKey.lastFailure()).isEqualTo(FORBIDDEN);
	}

	@Test
	void fetchedKeyIsUsedAndDueForRenewalAfter55Minutes() {
		this.signingKey.fetched(KEY);

		assertThat(this.signingKey.current()).isEqualTo(KEY);
		assertThat(this.signingKey.fetchedAt()).isEqualTo(this.clock.instant());
		assertThat(this.signingKey.due()).isFalse();
		this.clock.move(Duration.ofMinutes(55).minusMillis(1));
		assertThat(this.signingKey.due()).isFalse();
		this.clock.move(Duration.ofMillis(1));
		assertThat(this.signingKey.due()).isTrue();
		assertThat(this.signingKey.current()).isEqualTo(KEY);
	}

	@Test
	void failedRenewalKeepsTheKeyUsableUntilItIs120MinutesOld() {
		this.signingKey.fetched(KEY);
		this.clock.move(Duration.ofMinutes(55));
		this.signingKey.failed(FORBIDDEN);

		assertThat(this.signingKey.current()).isEqualTo(KEY);
		this.clock.move(Duration.ofMinutes(65).minusMillis(1));
		assertThat(this.signingKey.current()).isEqualTo(KEY);
		assertThat(this.signingKey.valid()).isTrue();

		this.clock.move(Duration.ofMillis(1));
		assertThat(this.signingKey.valid()).isFalse();
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.signingKey::current)
			.withMessage("Beacon's key to sign client tokens with is older than 120 minutes and could not be renewed: "
					+ FORBIDDEN);
	}

	@Test
	void retriesAfterFailuresStartAtFiveSecondsAndDoubleUpToFiveMinutes() {
		for (long seconds : new long[] { 5, 10, 20, 40, 80, 160, 300, 300, 300, 300, 300, 300, 300 }) {
			this.signingKey.failed(FORBIDDEN);
			this.clock.move(Duration.ofSeconds(seconds).minusMillis(1));
			assertThat(this.signingKey.due()).as("%s seconds after a failure", seconds).isFalse();
			this.clock.move(Duration.ofMillis(1));
			assertThat(this.signingKey.due()).as("%s seconds after a failure", seconds).isTrue();
		}
	}

	@ParameterizedTest
	@CsvSource({ "1, 5", "2, 10", "3, 20", "6, 160", "7, 300", "40, 300" })
	void retryAfterOfThe503IsTheTimeToTheNextAttempt(int failures, long seconds) {
		for (int i = 0; i < failures; i++) {
			this.clock.move(Duration.ofMinutes(5));
			this.signingKey.failed(FORBIDDEN);
		}

		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.signingKey::current)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(seconds)));
		this.clock.move(Duration.ofSeconds(seconds - 1));
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.signingKey::current)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
	}

	@Test
	void keyTooOldWhileItsRenewalIsStillUnderWaySaysSoInsteadOfAReason() {
		this.signingKey.fetched(KEY);
		this.clock.move(Duration.ofMinutes(120));

		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.signingKey::current)
			.withMessage("Beacon's key to sign client tokens with is older than 120 minutes and its renewal has not "
					+ "finished yet");
	}

	@Test
	void retryAfterOfAKeyTooOldIsTheTimeToTheNextAttempt() {
		this.signingKey.fetched(KEY);
		this.clock.move(Duration.ofMinutes(120));
		this.signingKey.failed(FORBIDDEN);
		this.signingKey.failed(FORBIDDEN);

		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.signingKey::current)
			.withMessageContaining("older than 120 minutes")
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(10)));
	}

	@Test
	void aFetchEndsTheBackoffAndForgetsTheFailure() {
		for (int i = 0; i < 8; i++) {
			this.signingKey.failed(FORBIDDEN);
		}
		this.signingKey.fetched(KEY);
		assertThat(this.signingKey.lastFailure()).isNull();
		this.clock.move(Duration.ofMinutes(55));

		this.signingKey.failed(FORBIDDEN);

		this.clock.move(Duration.ofSeconds(5));
		assertThat(this.signingKey.due()).isTrue();
	}

	@Test
	void entraCredentialSignsWithTheFetchedKeyAndDescribesItsState() {
		EntraCredential credential = new EntraCredential(new EntraIdentity.ManagedIdentity(null),
				new FakeTokenCredential(this.clock), this.clock);
		assertThat(credential.keyDue()).isTrue();
		credential.keyFailed(FORBIDDEN);
		assertThat(credential.describe()).containsEntry("signingKey", "unavailable")
			.containsEntry("signingKeyError", FORBIDDEN);

		credential.keyFetched(KEY);

		assertThat(credential.signingKey()).isEqualTo(KEY);
		assertThat(credential.keyDue()).isFalse();
		assertThat(credential.describe()).containsEntry("signingKey", "valid")
			.containsEntry("signingKeyFetchedAt", "2026-11-23T10:00:00Z")
			.doesNotContainKey("signingKeyError");
	}

}
