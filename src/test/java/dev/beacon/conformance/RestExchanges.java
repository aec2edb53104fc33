package dev.beacon.conformance;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.beacon.restclient.DataPlaneListener;
import org.jspecify.annotations.Nullable;

/**
 * Every exchange Beacon's REST client has with the service in a run, as seen on the wire
 * below its retries: method, path and query, status, {@code Retry-After}, and when. A
 * {@link DataPlaneListener} bean: no {@code Authorization} header and no body is ever
 * seen.
 */
final class RestExchanges implements DataPlaneListener {

	/** A retry may come this much before the {@code Retry-After} and still honour it. */
	static final Duration TOLERANCE = Duration.ofMillis(50);

	private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

	@Override
	public void exchanged(String method, URI uri, int status, @Nullable String retryAfter, Instant started,
			Instant answered) {
		add(new Exchange(method, uri.getRawPath(), uri.getRawQuery(), status, retryAfter, started, answered));
	}

	void add(Exchange exchange) {
		this.exchanges.add(exchange);
	}

	List<Exchange> all() {
		return List.copyOf(this.exchanges);
	}

	/** The exchanges the service answered 429. */
	List<Exchange> throttled() {
		return this.exchanges.stream().filter((exchange) -> exchange.status() == 429).toList();
	}

	/**
	 * What went against the rules after each 429: a retry sooner than the service's
	 * {@code Retry-After}, or a client result ({@code :invoke}) retried at all (the
	 * client may have run the method). Giving up is within the rules: Beacon passes the
	 * wait on to its caller.
	 * @return one line per violation, empty when every 429 was honoured
	 */
	List<String> violations() {
		List<Exchange> all = all();
		List<String> violations = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			Exchange throttled = all.get(i);
			if (throttled.status() != 429) {
				continue;
			}
			Exchange retry = nextOfSameCall(all, i);
			if (retry == null) {
				continue;
			}
			Duration waited = Duration.between(throttled.answered(), retry.started());
			Duration asked = throttled.retryAfterDelay();
			if (throttled.path().endsWith("/:invoke")) {
				violations.add(throttled.call() + ": a client result was retried after a 429");
			}
			else if (asked != null && waited.plus(TOLERANCE).compareTo(asked) < 0) {
				violations.add(throttled.call() + ": retried after " + waited.toMillis() + " ms, Retry-After asked "
						+ asked.toSeconds() + " s");
			}
		}
		return violations;
	}

	private static @Nullable Exchange nextOfSameCall(List<Exchange> all, int index) {
		Exchange throttled = all.get(index);
		for (int j = index + 1; j < all.size(); j++) {
			Exchange later = all.get(j);
			if (later.call().equals(throttled.call()) && !later.started().isBefore(throttled.answered())) {
				return later;
			}
		}
		return null;
	}

	/**
	 * One exchange.
	 *
	 * @param method the method
	 * @param path the raw path
	 * @param query the raw query, or null
	 * @param status the status the service answered
	 * @param retryAfter its {@code Retry-After}, or null
	 * @param started when the request left
	 * @param answered when the answer's head came back
	 */
	record Exchange(String method, String path, @Nullable String query, int status, @Nullable String retryAfter,
			Instant started, Instant answered) {

		String call() {
			return this.method + " " + this.path + ((this.query != null) ? "?" + this.query : "");
		}

		/**
		 * The {@code Retry-After} in seconds; none for an HTTP date, which is not
		 * checked.
		 */
		@Nullable Duration retryAfterDelay() {
			if (this.retryAfter == null) {
				return null;
			}
			try {
				return Duration.ofSeconds(Long.parseLong(this.retryAfter.strip()));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

}
