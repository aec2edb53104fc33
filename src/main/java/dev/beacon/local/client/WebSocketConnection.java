package dev.beacon.local.client;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.local.hub.LocalConnection;
import dev.beacon.protocol.HubPayload;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * A WebSocket client. What is sent to it waits in its own queue and is written by one
 * virtual thread at a time, in order, so no caller ever writes to a socket: a client that
 * stops reading holds up nothing but itself. It is closed once more than the outbound
 * buffer's bytes wait for it (one message larger than that still goes to a client with
 * nothing waiting), or when one send blocks longer than Tomcat's blocking send timeout,
 * which {@link LocalWebSocketHandler} sets to its send time limit.
 */
public final class WebSocketConnection extends LocalConnection {

	private static final Log logger = LogFactory.getLog(WebSocketConnection.class);

	private static final Executor writers = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("beacon-websocket-writer").factory());

	/** Queued after the last message: close the session. */
	private static final Queued END = new Queued(new TextMessage(""), 0);

	private final ConcurrentWebSocketSessionDecorator session;

	private final int bufferLimit;

	private final Queue<Queued> outbox = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	private volatile boolean ended;

	private volatile boolean terminating;

	public WebSocketConnection(ConnectionInfo info, ConcurrentWebSocketSessionDecorator session) {
		super(info);
		this.session = session;
		this.bufferLimit = session.getBufferSizeLimit();
	}

	@Override
	public String transport() {
		return "WebSockets";
	}

	@Override
	protected void write(HubPayload framed) {
		if (this.ended) {
			return;
		}
		int size = framed.size();
		long waiting = this.queuedBytes.getAndAdd(size);
		if (waiting > 0 && waiting + size > this.bufferLimit) {
			logger.info("Closing connection " + id() + ": more than " + this.bufferLimit + " bytes wait for it");
			// At once, not behind the messages it cannot take
			this.ended = true;
			writers.execute(() -> closeSession(CloseStatus.SESSION_NOT_RELIABLE));
			return;
		}
		queue(new Queued(switch (framed) {
			case HubPayload.Text text -> new TextMessage(text.text());
			case HubPayload.Binary binary -> new BinaryMessage(binary.bytes());
		}, size));
	}

	@Override
	protected void terminate() {
		this.terminating = true;
		queue(END);
	}

	/**
	 * Once the transport was ended, completes when the session was closed, after every
	 * message queued before.
	 */
	@Override
	public CompletableFuture<Void> flushed() {
		return this.terminating ? this.closed : CompletableFuture.completedFuture(null);
	}

	private void queue(Queued item) {
		this.outbox.add(item);
		if (this.writing.compareAndSet(false, true)) {
			writers.execute(this::drain);
		}
	}

	/** Writes what waits, then lets the next caller start a writer if more came. */
	private void drain() {
		do {
			try {
				Queued item;
				while ((item = this.outbox.poll()) != null) {
					write(item);
				}
			}
			finally {
				this.writing.set(false);
			}
		}
		while (!this.outbox.isEmpty() && this.writing.compareAndSet(false, true));
	}

	private void write(Queued item) {
		if (this.ended) {
			return;
		}
		if (item == END) {
			this.ended = true;
			// 1000: a non-normal code surfaces as an error in the JavaScript client.
			closeSession(CloseStatus.NORMAL);
			return;
		}
		try {
			this.session.sendMessage(item.message());
		}
		catch (IOException | RuntimeException ex) {
			logger.info("Closing connection " + id() + ": " + ex.getMessage());
			this.ended = true;
			closeSession(CloseStatus.NORMAL);
		}
		finally {
			this.queuedBytes.addAndGet(-item.size());
		}
	}

	private void closeSession(CloseStatus status) {
		try {
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Close of " + id() + " failed: " + ex.getMessage());
		}
		finally {
			this.closed.complete(null);
		}
	}

	/**
	 * A message and its size as the payload gave it, so no one encodes it again to count.
	 */
	private record Queued(WebSocketMessage<?> message, int size) {
	}

}
