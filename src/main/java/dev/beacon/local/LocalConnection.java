package dev.beacon.local;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * One client connection of the local service, whatever its transport. Writes never block
 * the caller: each transport queues with a bound and closes a client that falls too far
 * behind, so one slow client cannot delay the others.
 */
abstract class LocalConnection {

	private final ConnectionInfo info;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean handshaken;

	private volatile @Nullable String endError;

	private final StringBuilder inbound = new StringBuilder();

	private volatile long lastSent = System.nanoTime();

	private volatile long lastReceived = System.nanoTime();

	LocalConnection(ConnectionInfo info) {
		this.info = info;
	}

	ConnectionInfo info() {
		return this.info;
	}

	String id() {
		return this.info.connectionId();
	}

	@Nullable String userId() {
		return this.info.userId();
	}

	/** Queues framed hub-protocol text for the client. */
	final void send(String framed) {
		if (!this.closed.get()) {
			this.lastSent = System.nanoTime();
			write(framed);
		}
	}

	/** Sends a Close message, then ends the transport. Safe to call more than once. */
	final void close(String closeMessage) {
		if (this.closed.compareAndSet(false, true)) {
			write(closeMessage);
			terminate();
		}
	}

	/** Ends the transport without a Close message (the client went away). */
	final boolean markClosed() {
		return this.closed.compareAndSet(false, true);
	}

	/** Records that the connection is over, and why if it failed. */
	final void ended(@Nullable String error) {
		if (error != null && this.endError == null) {
			this.endError = error;
		}
		markClosed();
	}

	/** Incoming text not yet ended by a record separator. */
	StringBuilder inbound() {
		return this.inbound;
	}

	@Nullable String endError() {
		return this.endError;
	}

	boolean isClosed() {
		return this.closed.get();
	}

	boolean isHandshaken() {
		return this.handshaken;
	}

	void handshaken() {
		this.handshaken = true;
	}

	void received() {
		this.lastReceived = System.nanoTime();
	}

	long nanosSinceSent(long now) {
		return now - this.lastSent;
	}

	long nanosSinceReceived(long now) {
		return now - this.lastReceived;
	}

	abstract String transport();

	protected abstract void write(String framed);

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
	record ConnectionInfo(String connectionId, String connectionToken, String hub, @Nullable String userId,
			Map<String, Object> claims, String query) {
	}

}
