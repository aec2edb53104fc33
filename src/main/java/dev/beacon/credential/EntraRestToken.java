package dev.beacon.credential;

import dev.beacon.system.ServiceUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * The Microsoft Entra access token for the data-plane REST API: fetched once, reused by
 * every request, and renewed five minutes before it expires. One request renews at a
 * time; the others keep using the old token while it is valid. After a failure with no
 * valid token, requests fail at once for a few seconds instead of each asking the
 * identity endpoint again.
 */
final class EntraRestToken {

	/** The SignalR data plane's scope ({@code Constants.AsrsDefaultScope} in the SDK). */
	static final String SCOPE = "https://signalr.azure.com/.default";

	static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

	static final Duration FAILURE_HOLD = Duration.ofSeconds(5);

	private final TokenCredential credential;

	private final EntraIdentity identity;

	private final Clock clock;

	private final ReentrantLock renewing = new ReentrantLock();

	private volatile @Nullable AccessToken token;

	private volatile @Nullable Failure failure;

	EntraRestToken(TokenCredential credential, EntraIdentity identity, Clock clock) {
		this.credential = credential;
		this.identity = identity;
		this.clock = clock;
	}

	/**
	 * The current token, renewed when due.
	 * @return the token
	 * @throws ServiceUnavailableException when there is no valid token and none can be
	 * had
	 */
	String get() {
		Instant now = this.clock.instant();
		AccessToken current = this.token;
		if (current != null && now.isBefore(renewAt(current))) {
			return current.getToken();
		}
		AccessToken valid = validAt(current, now);
		if (valid != null && !this.renewing.tryLock()) {
			return valid.getToken();
		}
		if (valid == null) {
			this.renewing.lock();
		}
		try {
			return renew(now);
		}
		finally {
			this.renewing.unlock();
		}
	}

	private String renew(Instant now) {
		AccessToken current = this.token;
		if (current != null && now.isBefore(renewAt(current))) {
			return current.getToken();
		}
		AccessToken valid = validAt(current, now);
		Failure held = this.failure;
		if (held != null && now.isBefore(held.until())) {
			if (valid != null) {
				return valid.getToken();
			}
			throw unavailable(held.reason(), Duration.between(now, held.until()));
		}
		try {
			AccessToken fresh = this.credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
			this.token = fresh;
			this.failure = null;
			return fresh.getToken();
		}
		catch (RuntimeException ex) {
			String reason = EntraFailures.describe(ex, this.identity);
			this.failure = new Failure(reason, now.plus(FAILURE_HOLD));
			if (valid != null) {
				return valid.getToken();
			}
			throw unavailable(reason, FAILURE_HOLD);
		}
	}

	/** Whether a token is held and valid now. */
	boolean valid() {
		return validAt(this.token, this.clock.instant()) != null;
	}

	// The token if it has not expired at that instant, else null
	private static @Nullable AccessToken validAt(@Nullable AccessToken token, Instant now) {
		return (token != null && now.isBefore(token.getExpiresAt().toInstant())) ? token : null;
	}

	@Nullable String lastFailure() {
		Failure held = this.failure;
		return (held != null) ? held.reason() : null;
	}

	private ServiceUnavailableException unavailable(String reason, Duration retryAfter) {
		return new ServiceUnavailableException(
				"Microsoft Entra ID gave no token for SignalR Service to " + this.identity.describe() + ": " + reason,
				retryAfter);
	}

	private static Instant renewAt(AccessToken token) {
		Instant renewAt = token.getExpiresAt().toInstant().minus(RENEW_BEFORE_EXPIRY);
		// MSAL says "no early refresh" (managed identity tokens of two hours or less)
		// with refreshOn 0, which azure-identity hands on as 1970-01-01: not a time to
		// renew at.
		if (token.getRefreshAt() != null && token.getRefreshAt().toInstant().isAfter(Instant.EPOCH)
				&& token.getRefreshAt().toInstant().isBefore(renewAt)) {
			return token.getRefreshAt().toInstant();
		}
		return renewAt;
	}

	private record Failure(String reason, Instant until) {
	}

}
