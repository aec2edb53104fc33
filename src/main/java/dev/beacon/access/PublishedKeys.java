package dev.beacon.access;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * An issuer's published signing keys, fetched when first needed and kept. A token naming
 * a key ID that is not among them makes Beacon fetch them again, as a key rotation would,
 * but at most once a {@link #MIN_INTERVAL} whatever the tokens say: a flood of made-up
 * key IDs costs one fetch a minute, not one a request (Spring Security's key source
 * refetches for each, as it turns Nimbus' rate limit off). Kept keys are fetched again
 * when {@link #TIME_TO_LIVE} old, so a withdrawn key stops working soon; a fetch that
 * fails leaves the kept keys in use. With none kept yet (the first fetch failed), a token
 * tries again after {@link #RETRY_WITHOUT_KEYS}, so a blip at start-up refuses tokens for
 * seconds, not a minute.
 */
final class PublishedKeys implements JWKSource<SecurityContext> {

	static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

	/** With no keys held yet (the first fetch failed), how soon a token tries again. */
	static final Duration RETRY_WITHOUT_KEYS = Duration.ofSeconds(5);

	/** Nimbus' default for a cached key set. */
	static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

	private static final Log logger = LogFactory.getLog(PublishedKeys.class);

	private static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

	private final URI location;

	private final RestOperations http;

	private final Clock clock;

	private final ReentrantLock fetching = new ReentrantLock();

	private volatile @Nullable Fetched fetched;

	// Read and written holding the lock
	private @Nullable Instant lastAttempt;

	PublishedKeys(URI location, RestOperations http, Clock clock) {
		this.location = location;
		this.http = http;
		this.clock = clock;
	}

	@Override
	public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) throws KeySourceException {
		Fetched current = this.fetched;
		if (current != null && this.clock.instant().isBefore(current.at().plus(TIME_TO_LIVE))) {
			List<JWK> keys = selector.select(current.keys());
			if (!keys.isEmpty()) {
				return keys;
			}
		}
		return selector.select(refreshed());
	}

	/** The keys fetched again if the last try is long enough ago, else those kept. */
	private JWKSet refreshed() throws KeySourceException {
		this.fetching.lock();
		try {
			Instant now = this.clock.instant();
			Fetched current = this.fetched;
			Instant last = this.lastAttempt;
			Duration interval = (current != null) ? MIN_INTERVAL : RETRY_WITHOUT_KEYS;
			if (last != null && now.isBefore(last.plus(interval))) {
				if (current == null) {
					throw new KeySourceException(
							"The signing keys could not be fetched; the next try is after " + last.plus(interval));
				}
				return current.keys();
			}
			this.lastAttempt = now;
			try {
				JWKSet keys = fetch();
				this.fetched = new Fetched(keys, now);
				return keys;
			}
			catch (RestClientException | ParseException ex) {
				if (current == null) {
					throw new KeySourceException("The signing keys could not be fetched: " + ex.getMessage(), ex);
				}
				logger.warn("Could not fetch the signing keys from " + this.location + " (" + ex.getMessage()
						+ "); the keys fetched at " + current.at() + " stay in use");
				return current.keys();
			}
		}
		finally {
			this.fetching.unlock();
		}
	}

	private JWKSet fetch() throws ParseException {
		RequestEntity<Void> request = RequestEntity.get(this.location)
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE, JWK_SET.toString())
			.build();
		String body = this.http.exchange(request, String.class).getBody();
		if (body == null) {
			throw new ParseException("The key set's answer has no body", 0);
		}
		return JWKSet.parse(body);
	}

	private record Fetched(JWKSet keys, Instant at) {
	}

}
