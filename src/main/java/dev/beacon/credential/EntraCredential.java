package dev.beacon.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.TokenCredential;

/**
 * Microsoft Entra ID instead of an access key, the way Microsoft's SDK does it: REST
 * calls carry an Entra access token ({@link #restToken()}); client tokens are signed with
 * a key the service hands out to the identity through its access-key API, which the
 * publish feature keeps fresh ({@link #keyDue()}, {@link #keyFetched},
 * {@link #keyFailed}). The service holds no key to sign upstream requests with, so none
 * are offered for {@code X-ASRS-Signature}.
 */
public final class EntraCredential implements ServiceCredential {

	private final EntraIdentity identity;

	private final EntraRestToken restToken;

	private final EntraSigningKey signingKey;

	public EntraCredential(EntraIdentity identity, TokenCredential credential, Clock clock) {
		this.identity = identity;
		this.restToken = new EntraRestToken(credential, identity, clock);
		this.signingKey = new EntraSigningKey(clock);
	}

	/**
	 * A credential from Microsoft's library for the identity, on the system clock.
	 * @param identity the identity
	 * @return the credential
	 */
	public static EntraCredential create(EntraIdentity identity) {
		return new EntraCredential(identity, EntraTokenCredentials.create(identity), Clock.systemUTC());
	}

	public EntraIdentity identity() {
		return this.identity;
	}

	/**
	 * The Entra access token for REST calls, cached and renewed before it expires.
	 * @return the token
	 * @throws ServiceUnavailableException when Entra ID gives none
	 */
	public String restToken() {
		return this.restToken.get();
	}

	@Override
	public AccessKey signingKey() {
		return this.signingKey.current();
	}

	@Override
	public List<AccessKey> upstreamKeys() {
		return List.of();
	}

	/**
	 * Whether the signing key should be fetched now: none yet, due for renewal, or a
	 * retry.
	 */
	public boolean keyDue() {
		return this.signingKey.due();
	}

	public void keyFetched(AccessKey key) {
		this.signingKey.fetched(key);
	}

	/**
	 * Records a failed fetch; the current key stays in use while it is young enough.
	 * @param reason why, without secrets, as negotiate's 503 will say it
	 */
	public void keyFailed(String reason) {
		this.signingKey.failed(reason);
	}

	/**
	 * Describes a failure of Microsoft's credential library without secrets.
	 * @param failure the failure
	 * @return one line
	 */
	public String describe(Throwable failure) {
		return EntraFailures.describe(failure, this.identity);
	}

	@Override
	public Map<String, Object> describe() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("auth", "microsoft-entra-id");
		details.put("identity", this.identity.describe());
		details.put("restToken", this.restToken.valid() ? "valid" : "unavailable");
		String tokenFailure = this.restToken.lastFailure();
		if (tokenFailure != null) {
			details.put("restTokenError", tokenFailure);
		}
		details.put("signingKey", this.signingKey.valid() ? "valid" : "unavailable");
		Instant fetchedAt = this.signingKey.fetchedAt();
		if (fetchedAt != null) {
			details.put("signingKeyFetchedAt", fetchedAt.toString());
		}
		String keyFailure = this.signingKey.lastFailure();
		if (keyFailure != null) {
			details.put("signingKeyError", keyFailure);
		}
		return details;
	}

	@Override
	public String toString() {
		return "EntraCredential[" + this.identity.describe() + "]";
	}

}
