package dev.beacon.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.beacon.support.ProtocolClient;

/**
 * A {@link ProtocolClient} that reconnects as the official JavaScript client's
 * {@code withAutomaticReconnect()} does: when its connection is lost it negotiates again
 * and connects, at once, then after 2, 10 and 30 s, then gives up. It notes when it lost
 * its connection, when it had a new one, and when it first received a broadcast sent
 * after that.
 */
final class ReconnectingClient {

	/** The JavaScript client's default retry delays. */
	static final List<Duration> RETRY_DELAYS = List.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(10),
			Duration.ofSeconds(30));

	private final HttpClient http;

	private final String url;

	/** When each broadcast's POST started, by sequence. */
	private final Map<Integer, Long> sent;

	private volatile ProtocolClient current;

	private volatile boolean stopped;

	volatile long lostAt = -1;

	volatile long reconnectedAt = -1;

	volatile long firstReceiptAfter = -1;

	volatile int attempts;

	volatile boolean gaveUp;

	/** Why each failed attempt failed. */
	final List<String> failures = new CopyOnWriteArrayList<>();

	private ReconnectingClient(HttpClient http, String url, Map<Integer, Long> sent) {
		this.http = http;
		this.url = url;
		this.sent = sent;
	}

	/**
	 * Connects once, failing if that fails; reconnects whenever the connection is lost.
	 * @param first the HTTP client to connect with
	 * @param again the one to reconnect with: clients that connected long ago have no
	 * negotiate connection kept alive any more (servers close idle ones within a minute),
	 * so one still holding pooled connections through the balancer to a replica now dead
	 * would meet failures real clients do not
	 * @param url where to connect, e.g. the balancer
	 * @param sent when each broadcast's POST started, by sequence
	 * @return the connected client
	 */
	static ReconnectingClient connect(HttpClient first, HttpClient again, String url, Map<Integer, Long> sent)
			throws Exception {
		ReconnectingClient client = new ReconnectingClient(again, url, sent);
		client.watch(ProtocolClient.connect(first, url, null, client::received));
		return client;
	}

	/**
	 * A client that has no connection yet and starts connecting now, as if it lost one.
	 */
	static ReconnectingClient starting(HttpClient http, String url, Map<Integer, Long> sent) {
		ReconnectingClient client = new ReconnectingClient(http, url, sent);
		Thread.ofVirtual().start(client::reconnect);
		return client;
	}

	private void watch(ProtocolClient client) {
		this.current = client;
		client.closed().thenRun(() -> {
			if (!this.stopped) {
				Thread.ofVirtual().start(this::reconnect);
			}
		});
	}

	private void reconnect() {
		// Only the latest loss is timed
		this.reconnectedAt = -1;
		this.firstReceiptAfter = -1;
		this.attempts = 0;
		this.failures.clear();
		this.lostAt = System.nanoTime();
		for (Duration delay : RETRY_DELAYS) {
			try {
				Thread.sleep(delay);
				this.attempts++;
				ProtocolClient client = ProtocolClient.connect(this.http, this.url, null, this::received);
				this.reconnectedAt = System.nanoTime();
				watch(client);
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				// The next delay, as the official client does
				this.failures.add(reason(ex));
			}
		}
		this.gaveUp = true;
	}

	private void received(String invocation) {
		long now = System.nanoTime();
		if (this.reconnectedAt < 0 || this.firstReceiptAfter >= 0) {
			return;
		}
		int at = invocation.indexOf("\"arguments\":[") + 13;
		int end = at;
		while (end < invocation.length() && Character.isDigit(invocation.charAt(end))) {
			end++;
		}
		Long sentAt = this.sent.get(Integer.parseInt(invocation.substring(at, end)));
		if (sentAt != null && sentAt >= this.reconnectedAt) {
			this.firstReceiptAfter = now;
		}
	}

	private static String reason(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		String message = String.valueOf(cause.getMessage());
		return cause.getClass().getSimpleName() + ": " + message.substring(0, Math.min(60, message.length()));
	}

	boolean lost() {
		return this.lostAt >= 0;
	}

	/** Received a broadcast sent after it connected again. */
	boolean recovered() {
		return this.firstReceiptAfter >= 0;
	}

	void ping() {
		ProtocolClient client = this.current;
		if (client != null && !this.stopped) {
			try {
				client.ping();
			}
			catch (RuntimeException ex) {
				// lost meanwhile: reconnecting
			}
		}
	}

	/** Closes for good: no reconnecting after this. */
	void stop() {
		this.stopped = true;
		ProtocolClient client = this.current;
		if (client != null) {
			client.close();
		}
	}

	/** Milliseconds from {@code since} to a moment noted, or -1 if it did not come. */
	static double millis(long since, long moment) {
		return (moment < 0) ? -1 : TimeUnit.NANOSECONDS.toMicros(moment - since) / 1e3;
	}

}
