package dev.beacon.support;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Microsoft Entra ID as azure-core's {@link TokenCredential} sees it, without a network:
 * answers {@code entra-token-1}, {@code entra-token-2}, ... valid for a chosen time from
 * the test's clock, or fails, and counts every call. A call can be held inside the
 * credential ({@link #stall}) to stand for a slow identity endpoint.
 */
public final class FakeTokenCredential implements TokenCredential {

	private static final Duration STALL_LIMIT = Duration.ofSeconds(10);

	private final Clock clock;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger completed = new AtomicInteger();

	private final List<String> scopes = new CopyOnWriteArrayList<>();

	private final List<String> threads = new CopyOnWriteArrayList<>();

	private final CountDownLatch stalled = new CountDownLatch(1);

	private volatile Duration lifetime = Duration.ofHours(1);

	private volatile @Nullable Duration refreshAfter;

	private volatile @Nullable RuntimeException failure;

	private volatile @Nullable CountDownLatch release;

	public FakeTokenCredential(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Answers tokens that expire this long after they are issued, with no refresh hint.
	 * @param lifetime the time from issue to expiry
	 * @return this credential
	 */
	public FakeTokenCredential lasting(Duration lifetime) {
		return lasting(lifetime, null);
	}

	/**
	 * Answers tokens that expire this long after they are issued and that the library
	 * suggests refreshing earlier ({@link AccessToken#getRefreshAt()}).
	 * @param lifetime the time from issue to expiry
	 * @param refreshAfter the time from issue to the suggested refresh
	 * @return this credential
	 */
	public FakeTokenCredential lasting(Duration lifetime, @Nullable Duration refreshAfter) {
		this.lifetime = lifetime;
		this.refreshAfter = refreshAfter;
		this.failure = null;
		return this;
	}

	/**
	 * Fails every call from now on, as the library does when the identity endpoint is
	 * down or the identity is unknown.
	 * @param failure what each call throws
	 * @return this credential
	 */
	public FakeTokenCredential failing(RuntimeException failure) {
		this.failure = failure;
		return this;
	}

	/**
	 * Holds every call from now on until {@code release} is counted down (at most 10
	 * seconds, so a broken test fails instead of hanging).
	 * @param release opens the gate
	 * @return this credential
	 */
	public FakeTokenCredential stall(CountDownLatch release) {
		this.release = release;
		return this;
	}

	/**
	 * Waits until a call is held by {@link #stall}.
	 * @return whether one was within 10 seconds
	 */
	public boolean awaitStalledCall() throws InterruptedException {
		return this.stalled.await(STALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
	}

	/** The calls made so far, including any still in progress. */
	public int calls() {
		return this.calls.get();
	}

	/** The calls that have returned or thrown. */
	public int completedCalls() {
		return this.completed.get();
	}

	/** The scopes asked for, one entry per scope per call. */
	public List<String> scopes() {
		return this.scopes;
	}

	/** The names of the threads that called. */
	public List<String> threads() {
		return this.threads;
	}

	@Override
	public Mono<AccessToken> getToken(TokenRequestContext request) {
		return Mono.fromCallable(() -> getTokenSync(request));
	}

	@Override
	public AccessToken getTokenSync(TokenRequestContext request) {
		int call = this.calls.incrementAndGet();
		this.scopes.addAll(request.getScopes());
		this.threads.add(Thread.currentThread().getName());
		try {
			awaitRelease();
			RuntimeException failing = this.failure;
			if (failing != null) {
				throw failing;
			}
			OffsetDateTime issuedAt = this.clock.instant().atOffset(ZoneOffset.UTC);
			Duration refresh = this.refreshAfter;
			return new AccessToken("entra-token-" + call, issuedAt.plus(this.lifetime),
					(refresh != null) ? issuedAt.plus(refresh) : null);
		}
		finally {
			this.completed.incrementAndGet();
		}
	}

	private void awaitRelease() {
		CountDownLatch gate = this.release;
		if (gate == null) {
			return;
		}
		this.stalled.countDown();
		try {
			gate.await(STALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
