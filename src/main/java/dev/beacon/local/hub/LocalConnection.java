package dev.beacon.local.hub;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import org.jspecify.annotations.Nullable;

/**
 * One client connection of the local service, whatever its transport. Writes never block
 * the caller: each transport queues with a bound and closes a client that falls too far
 * behind, so one slow client cannot delay the others.
 */
public abstract class LocalConnection {

	private final ConnectionInfo info;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile @Nullable HubProtocol protocol;

	private volatile @Nullable String endError;

	private final StringBuilder inbound = new StringBuilder();

	private @Nullable ByteArrayOutputStream binaryInbound;

	private volatile long lastSent = System.nanoTime();

	private volatile long lastReceived = System.nanoTime();

	public LocalConnection(ConnectionInfo info) {
		this.info = info;
	}

	public ConnectionInfo info() {
		return this.info;
	}

	public String id() {
		return this.info.connectionId();
	}

	public @Nullable String userId() {
		return this.info.userId();
	}

	/** Queues framed hub-protocol messages for the client. */
	public final void send(HubPayload framed) {
		if (!this.closed.get()) {
			this.lastSent = System.nanoTime();
			write(framed);
		}
	}

	/**
	 * Sends one message to the client in its protocol, encoding it only if no other
	 * recipient of its protocol has yet.
	 */
	public final void send(OutgoingMessage message) {
		HubProtocol spoken = this.protocol;
		if (spoken != null) {
			send(message.in(spoken));
		}
	}

	/** Sends a Close message, then ends the transport. Safe to call more than once. */
	public final void close(HubPayload closeMessage) {
		if (this.closed.compareAndSet(false, true)) {
			write(closeMessage);
			terminate();
		}
	}

	/** Ends the transport without a Close message (the client went away). */
	public final boolean markClosed() {
		return this.closed.compareAndSet(false, true);
	}

	/** Records that the connection is over, and why if it failed. */
	public final void ended(@Nullable String error) {
		if (error != null && this.endError == null) {
			this.endError = error;
		}
		markClosed();
	}

	/** Incoming text not yet ended by a record separator. */
	public StringBuilder inbound() {
		return this.inbound;
	}

	/** Incoming MessagePack bytes not yet a whole message; made on first use. */
	public ByteArrayOutputStream binaryInbound() {
		ByteArrayOutputStream buffer = this.binaryInbound;
		if (buffer == null) {
			buffer = new ByteArrayOutputStream();
			this.binaryInbound = buffer;
		}
		return buffer;
	}

	public @Nullable String endError() {
		return this.endError;
	}

	public boolean isClosed() {
		return this.closed.get();
	}

	public boolean isHandshaken() {
		return this.protocol != null;
	}

	/** The protocol the handshake chose; null before it. */
	public @Nullable HubProtocol protocol() {
		return this.protocol;
	}

	public void handshaken(HubProtocol protocol) {
		this.protocol = protocol;
	}

	/** Whether the transport carries binary (Server-Sent Events does not). */
	public boolean carriesBinary() {
		return true;
	}

	public void received() {
		this.lastReceived = System.nanoTime();
	}

	public long nanosSinceSent(long now) {
		return now - this.lastSent;
	}

	public long nanosSinceReceived(long now) {
		return now - this.lastReceived;
	}

	public abstract String transport();

	protected abstract void write(HubPayload framed);

	protected abstract void terminate();

	/**
	 * What negotiate established about a connection.
	 *
	 * @param connectionId the public ID (REST, upstream)
	 * @param connectionToken the secret ID the transport requests carry
	 * @param hub the lower-cased hub
	 * @param userId the user, from {@code asrs.s.uid} or {@code nameid}
	 * @param claims the token's claims, for upstream
	 * @param query the client's query without secrets, for upstream
	 */
	public record ConnectionInfo(String connectionId, String connectionToken, String hub, @Nullable String userId,
			Map<String, Object> claims, String query) {
	}

}
