package dev.beacon.local.client;

import java.io.IOException;
import java.util.Queue;
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
 * stops reading holds up nothing but itself, and is closed once more than the outbound
 * buffer's bytes wait for it (Spring's decorator still serialises the session's sends and
 * bounds a blocked send's time).
 */
public final class WebSocketConnection extends LocalConnection {

	private static final Log logger = LogFactory.getLog(WebSocketConnection.class);

	private static final Executor writers = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("beacon-websocket-writer").factory());

	/** Queued after the last message: close the session. */
	private static final Object END = new Object();

	private final ConcurrentWebSocketSessionDecorator session;

	private final int bufferLimit;

	private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	private volatile boolean ended;

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
		WebSocketMessage<?> message = switch (framed) {
			case HubPayload.Text text -> new TextMessage(text.text());
			case HubPayload.Binary binary -> new BinaryMessage(binary.bytes());
		};
		if (this.queuedBytes.addAndGet(message.getPayloadLength()) > this.bufferLimit) {
			logger.info("Closing connection " + id() + ": more than " + this.bufferLimit + " bytes wait for it");
			// At once, not behind the messages it cannot take
			this.ended = true;
			writers.execute(() -> closeSession(CloseStatus.SESSION_NOT_RELIABLE));
			return;
		}
		queue(message);
	}

	@Override
	protected void terminate() {
		queue(END);
	}

	private void queue(Object item) {
		this.outbox.add(item);
		if (this.writing.compareAndSet(false, true)) {
			writers.execute(this::drain);
		}
	}

	/** Writes what waits, then lets the next caller start a writer if more came. */
	private void drain() {
		do {
			Object item;
			while ((item = this.outbox.poll()) != null) {
				if (this.ended) {
					continue;
				}
				if (item == END) {
					this.ended = true;
					// 1000: a non-normal code surfaces as an error in the JavaScript
					// client.
					closeSession(CloseStatus.NORMAL);
					continue;
				}
				WebSocketMessage<?> message = (WebSocketMessage<?>) item;
				try {
					this.session.sendMessage(message);
				}
				catch (IOException | RuntimeException ex) {
					logger.info("Closing connection " + id() + ": " + ex.getMessage());
					this.ended = true;
					closeSession(CloseStatus.NORMAL);
				}
				finally {
					this.queuedBytes.addAndGet(-message.getPayloadLength());
				}
			}
			this.writing.set(false);
		}
		while (!this.outbox.isEmpty() && this.writing.compareAndSet(false, true));
	}

	private void closeSession(CloseStatus status) {
		try {
			this.session.close(status);
		}
		catch (IOException ex) {
			logger.debug("Close of " + id() + " failed: " + ex.getMessage());
		}
	}

}
