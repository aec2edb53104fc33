package dev.beacon.local.client;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.local.hub.LocalConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A long-polling or Server-Sent Events client: messages wait in a bounded queue until the
 * client's next poll (or the event stream) takes them. Past the bound the client is
 * closed, with the reason logged.
 */
public final class QueuedConnection extends LocalConnection {

	private static final Log logger = LogFactory.getLog(QueuedConnection.class);

	/** Marks the end of the stream for a waiting poll. */
	private static final String END = new String("end");

	private final String transport;

	private final long maxBufferedChars;

	private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

	private final AtomicLong buffered = new AtomicLong();

	public QueuedConnection(ConnectionInfo info, String transport, long maxBufferedChars) {
		super(info);
		this.transport = transport;
		this.maxBufferedChars = maxBufferedChars;
	}

	@Override
	public String transport() {
		return this.transport;
	}

	@Override
	protected void write(String framed) {
		if (this.buffered.addAndGet(framed.length()) > this.maxBufferedChars) {
			logger.warn("Closing connection " + id() + ": it fell more than " + this.maxBufferedChars
					+ " characters behind");
			markClosed();
			terminate();
			return;
		}
		this.queue.add(framed);
	}

	@Override
	protected void terminate() {
		this.queue.add(END);
	}

	/**
	 * Waits up to {@code timeout} for messages and takes all that are queued.
	 * @return the messages, empty on timeout, or null when the connection has ended
	 */
	public @Nullable String poll(Duration timeout) throws InterruptedException {
		String first = this.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (first == null) {
			return "";
		}
		if (first == END) {
			return null;
		}
		StringBuilder batch = new StringBuilder(first);
		String next;
		while ((next = this.queue.peek()) != null && next != END) {
			batch.append(this.queue.poll());
		}
		this.buffered.addAndGet(-batch.length());
		return batch.toString();
	}

}
