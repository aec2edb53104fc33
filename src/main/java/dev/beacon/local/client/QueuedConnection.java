package dev.beacon.local.client;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.local.hub.LocalConnection;
import dev.beacon.protocol.HubPayload;
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

	static final String SERVER_SENT_EVENTS = "ServerSentEvents";

	/** Marks the end of the stream for a waiting poll. */
	private static final HubPayload END = new HubPayload.Text(new String("end"));

	private final String transport;

	private final long maxBuffered;

	private final LinkedBlockingQueue<HubPayload> queue = new LinkedBlockingQueue<>();

	private final AtomicLong buffered = new AtomicLong();

	public QueuedConnection(ConnectionInfo info, String transport, long maxBuffered) {
		super(info);
		this.transport = transport;
		this.maxBuffered = maxBuffered;
	}

	@Override
	public String transport() {
		return this.transport;
	}

	/** Server-Sent Events carries text only, as the service says in negotiate. */
	@Override
	public boolean carriesBinary() {
		return !SERVER_SENT_EVENTS.equals(this.transport);
	}

	@Override
	protected void write(HubPayload framed) {
		if (this.buffered.addAndGet(framed.size()) > this.maxBuffered) {
			logger.warn("Closing connection " + id() + ": it fell more than " + this.maxBuffered
					+ " characters or bytes behind");
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
	 * @return the messages (binary if any is), empty on timeout, or null when the
	 * connection has ended
	 */
	public @Nullable HubPayload poll(Duration timeout) throws InterruptedException {
		HubPayload first = this.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (first == null) {
			return HubPayload.EMPTY;
		}
		if (first == END) {
			return null;
		}
		List<HubPayload> batch = new ArrayList<>();
		batch.add(first);
		HubPayload next;
		while ((next = this.queue.peek()) != null && next != END) {
			batch.add(this.queue.poll());
		}
		long size = batch.stream().mapToLong(HubPayload::size).sum();
		this.buffered.addAndGet(-size);
		return joined(batch);
	}

	private static HubPayload joined(List<HubPayload> batch) {
		if (batch.size() == 1) {
			return batch.getFirst();
		}
		if (batch.stream().allMatch(HubPayload.Text.class::isInstance)) {
			StringBuilder text = new StringBuilder();
			batch.forEach((payload) -> text.append(((HubPayload.Text) payload).text()));
			return new HubPayload.Text(text.toString());
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		batch.forEach((payload) -> bytes.writeBytes(payload.bytes()));
		return new HubPayload.Binary(bytes.toByteArray());
	}

}
