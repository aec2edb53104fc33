package dev.beacon.local.upstreamclient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * When a post to the upstream is tried again, and what is counted when the local service
 * gives up. The rules and their reasons live here, in one place:
 * <ul>
 * <li>Connection events ({@code connected}, {@code disconnected}) are retried on any I/O
 * failure: the upstream may then see one twice, which its consumers handle, while a lost
 * one leaves presence wrong for good. Not on a response timeout: the upstream is stuck,
 * and each try would hold up the connection's later events for the whole timeout.</li>
 * <li>A client invocation is retried only when provably nothing was sent: the connect was
 * refused or timed out. Once the request may have reached the upstream (a connection
 * closed before the answer, even a reused one closed by the server before it read
 * anything), a second post could run the hub method twice.</li>
 * <li>At most {@value #MAX_RETRIES} retries, from {@code 50 ms} doubling, with jitter
 * (half to full delay), on the connection's own thread: its later events wait, so they
 * stay in order.</li>
 * </ul>
 * {@code beacon.local.upstream.retries} counts retries and
 * {@code beacon.local.upstream.lost} the events the upstream never accepted, both tagged
 * with the event.
 */
public final class UpstreamRetry {

	public static final int MAX_RETRIES = 3;

	public static final Duration BASE_DELAY = Duration.ofMillis(50);

	private final Map<Event, Counter> retries = new EnumMap<>(Event.class);

	private final Map<Event, Counter> lost = new EnumMap<>(Event.class);

	public UpstreamRetry(MeterRegistry meterRegistry) {
		for (Event event : Event.values()) {
			this.retries.put(event, meterRegistry.counter("beacon.local.upstream.retries", "event", event.tag()));
			this.lost.put(event, meterRegistry.counter("beacon.local.upstream.lost", "event", event.tag()));
		}
	}

	/**
	 * Makes the call, retrying it while the rules allow.
	 * @param <T> what the call returns
	 * @param event which event the call posts
	 * @param call one attempt
	 * @return what the first successful attempt returned
	 * @throws IOException the last attempt's failure, once retrying is not allowed
	 * @throws InterruptedException if interrupted while waiting to retry
	 */
	<T> T call(Event event, Call<T> call) throws IOException, InterruptedException {
		for (int retries = 0;; retries++) {
			try {
				return call.attempt();
			}
			catch (IOException ex) {
				if (retries >= MAX_RETRIES || !retryable(event, ex)) {
					throw ex;
				}
				counter(this.retries, event).increment();
				Thread.sleep(backoff(retries));
			}
		}
	}

	/** Counts an event the upstream never accepted. */
	public void lost(Event event) {
		counter(this.lost, event).increment();
	}

	// The constructor put a counter of every event in both maps
	private static Counter counter(Map<Event, Counter> counters, Event event) {
		return Objects.requireNonNull(counters.get(event), "every event has its counter");
	}

	public static boolean retryable(Event event, IOException failure) {
		boolean nothingSent = failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
		return switch (event) {
			case CONNECTED, DISCONNECTED -> nothingSent || !(failure instanceof HttpTimeoutException);
			case INVOCATION -> nothingSent;
		};
	}

	private static Duration backoff(int retriesSoFar) {
		long delay = BASE_DELAY.toMillis() << retriesSoFar;
		return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
	}

	/** What the local service posts upstream. */
	public enum Event {

		CONNECTED, DISCONNECTED, INVOCATION;

		/** The metric tag, and for connection events the {@code X-ASRS-Event}. */
		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	@FunctionalInterface
	public interface Call<T> {

		T attempt() throws IOException, InterruptedException;

	}

}
