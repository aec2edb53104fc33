package dev.beacon.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.beacon.support.FakeTokenCredential;
import dev.beacon.support.MovableClock;
import dev.beacon.system.ServiceUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Entra token for REST calls with a fake credential and a clock the test moves: when
 * it is reused and renewed, what a failure costs, and that renewal never holds up a
 * request while the old token is still good.
 */
class EntraRestTokenTests {

	static final EntraIdentity IDENTITY = new EntraIdentity.ManagedIdentity("uami-1");

	static final String UNAVAILABLE = "ManagedIdentityCredential authentication unavailable. Connection refused";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final FakeTokenCredential credential = new FakeTokenCredential(this.clock);

	private final EntraRestToken token = new EntraRestToken(this.credential, IDENTITY, this.clock);

	@Test
	void tokenIsAskedForTheSignalRScopeAndReusedUntilFiveMinutesBeforeItExpires() {
		this.credential.lasting(Duration.ofHours(1));

		assertThat(this.token.get()).isEqualTo("entra-token-1");
		this.clock.move(Duration.ofMinutes(55).minusMillis(1));
		assertThat(this.token.get()).isEqualTo("entra-token-1");
		assertThat(this.credential.calls()).isOne();
		assertThat(this.credential.scopes()).containsExactly("https://signalr.azure.com/.default");

		this.clock.move(Duration.ofMillis(1));
		assertThat(this.token.get()).isEqualTo("entra-token-2");
		assertThat(this.credential.calls()).isEqualTo(2);
	}

	@Test
	void tokenIsRenewedAtTheRefreshTimeTheLibrarySuggestsWhenThatIsEarlier() {
		this.credential.lasting(Duration.ofHours(1), Duration.ofMinutes(30));

		assertThat(this.token.get()).isEqualTo("entra-token-1");
		this.clock.move(Duration.ofMinutes(30).minusMillis(1));
		assertThat(this.token.get()).isEqualTo("entra-token-1");
		this.clock.move(Duration.ofMillis(1));
		assertThat(this.token.get()).isEqualTo("entra-token-2");
	}

	@Test
	void refreshTimeLaterThanFiveMinutesBeforeExpiryDoesNotDelayRenewal() {
		this.credential.lasting(Duration.ofHours(1), Duration.ofMinutes(58));

		assertThat(this.token.get()).isEqualTo("entra-token-1");
		this.clock.move(Duration.ofMinutes(55));
		assertThat(this.token.get()).isEqualTo("entra-token-2");
	}

	@Test
	void refreshTimeOfTheEpochMeansNoEarlyRefresh() {
		// MSAL's "no early refresh" for managed identity tokens, as azure-identity passes
		// it on.
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		com.azure.core.credential.TokenCredential epoch = (request) -> reactor.core.publisher.Mono
			.fromCallable(() -> new com.azure.core.credential.AccessToken("token-" + calls.incrementAndGet(),
					this.clock.instant().plus(Duration.ofHours(1)).atOffset(java.time.ZoneOffset.UTC),
					Instant.EPOCH.atOffset(java.time.ZoneOffset.UTC)));
		EntraRestToken token = new EntraRestToken(epoch, IDENTITY, this.clock);

		assertThat(token.get()).isEqualTo("token-1");
		this.clock.move(Duration.ofMinutes(54));
		assertThat(token.get()).isEqualTo("token-1");
		assertThat(calls).hasValue(1);
	}

	@Test
	void failureWithNoTokenAnswers503NamingTheIdentityAndTheReasonWithRetryAfter() {
		this.credential.failing(new IllegalStateException(UNAVAILABLE + "\n\tat some.Stack(Trace.java:1)"));

		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.token::get)
			.withMessage("Microsoft Entra ID gave no token for SignalR Service to user-assigned managed identity "
					+ "uami-1: " + UNAVAILABLE)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
		assertThat(this.token.valid()).isFalse();
		assertThat(this.token.lastFailure()).isEqualTo(UNAVAILABLE);
	}

	@Test
	void afterAFailureWithNoTokenRequestsFailAtOnceForFiveSecondsWithoutAskingAgain() {
		this.credential.failing(new IllegalStateException(UNAVAILABLE));
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.token::get);

		this.clock.move(Duration.ofSeconds(2));
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.token::get)
			.withMessageContaining(UNAVAILABLE)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
		this.clock.move(Duration.ofSeconds(3).minusMillis(1));
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.token::get)
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
		assertThat(this.credential.calls()).isOne();
	}

	@Test
	void afterTheFailureHoldTheNextRequestAsksAgain() {
		this.credential.failing(new IllegalStateException(UNAVAILABLE));
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.token::get);
		this.credential.lasting(Duration.ofHours(1));

		this.clock.move(Duration.ofSeconds(5));

		assertThat(this.token.get()).isEqualTo("entra-token-2");
		assertThat(this.credential.calls()).isEqualTo(2);
		assertThat(this.token.lastFailure()).isNull();
	}

	@Test
	void failedRenewalWhileTheOldTokenIsValidKeepsUsingItAndTriesAgainAfterTheHold() {
		this.credential.lasting(Duration.ofHours(1));
		this.token.get();
		this.clock.move(Duration.ofMinutes(56));
		this.credential.failing(new IllegalStateException(UNAVAILABLE));

		assertThat(this.token.get()).isEqualTo("entra-token-1");
		this.clock.move(Duration.ofSeconds(5).minusMillis(1));
		assertThat(this.token.get()).isEqualTo("entra-token-1");
		assertThat(this.credential.calls()).isEqualTo(2);
		assertThat(this.token.lastFailure()).isEqualTo(UNAVAILABLE);

		this.credential.lasting(Duration.ofHours(1));
		this.clock.move(Duration.ofMillis(1));
		assertThat(this.token.get()).isEqualTo("entra-token-3");
	}

	@Test
	void oldTokenIsNeverUsedPastItsExpiry() {
		this.credential.lasting(Duration.ofHours(1));
		this.token.get();
		this.clock.move(Duration.ofMinutes(56));
		this.credential.failing(new IllegalStateException(UNAVAILABLE));
		assertThat(this.token.get()).isEqualTo("entra-token-1");

		this.clock.move(Duration.ofMinutes(4));

		assertThat(this.token.valid()).isFalse();
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(this.token::get)
			.withMessageContaining(UNAVAILABLE);
	}

	@Test
	void whileOneRequestRenewsAStillValidTokenTheOthersKeepItWithoutWaiting() throws Exception {
		this.credential.lasting(Duration.ofHours(1));
		this.token.get();
		this.clock.move(Duration.ofMinutes(56));
		CountDownLatch release = new CountDownLatch(1);
		this.credential.stall(release);
		try (ExecutorService executor = Executors.newFixedThreadPool(17)) {
			Future<String> renewing = executor.submit(this.token::get);
			assertThat(this.credential.awaitStalledCall()).isTrue();

			List<Future<String>> others = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				others.add(executor.submit(this.token::get));
			}
			for (Future<String> other : others) {
				assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo("entra-token-1");
			}
			assertThat(this.credential.calls()).isEqualTo(2);
			assertThat(renewing).isNotDone();

			release.countDown();
			assertThat(renewing.get(5, TimeUnit.SECONDS)).isEqualTo("entra-token-2");
		}
		assertThat(this.token.get()).isEqualTo("entra-token-2");
		assertThat(this.credential.calls()).isEqualTo(2);
	}

	@Test
	void withNoValidTokenConcurrentRequestsWaitForOneCallAndShareItsToken() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.credential.lasting(Duration.ofHours(1)).stall(release);
		List<Thread> threads = new ArrayList<>();
		List<String> tokens = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 16; i++) {
			threads.add(Thread.ofPlatform().start(() -> tokens.add(this.token.get())));
		}
		assertThat(this.credential.awaitStalledCall()).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> threads.stream()
				.allMatch((thread) -> thread.getState() == Thread.State.WAITING
						|| thread.getState() == Thread.State.TIMED_WAITING));

		release.countDown();
		for (Thread thread : threads) {
			assertThat(thread.join(Duration.ofSeconds(5))).isTrue();
		}

		assertThat(tokens).hasSize(16).containsOnly("entra-token-1");
		assertThat(this.credential.calls()).isOne();
	}

}
