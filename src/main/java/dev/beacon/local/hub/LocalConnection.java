package dev.beacon.local.hub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.beacon.protocol.BinaryMessageBuffer;
import dev.beacon.protocol.HubMessage;
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

	private final Object handshake = new Object();

	private volatile @Nullable String endError;

	private final StringBuilder inbound = new StringBuilder();

	private @Nullable BinaryMessageBuffer binaryInbound;

	private volatile long lastSent = System.nanoTime();

	private volatile long lastReceived = System.nanoTime();

	/** Client results this connection owes, by invocation id. */
	private final Map<String, CompletableFuture<HubMessage.Completion>> invocations = new ConcurrentHashMap<>();

	/** Streams the client asked for and has not cancelled, by invocation id. */
	private final Set<String> streams = ConcurrentHashMap.newKeySet();

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
		HubProtocol spoken = protocol();
		if (spoken != null) {
			send(message.in(spoken));
		}
	}

	/** Sends a Close message, then ends the transport. Safe to call more than once. */
	public final void close(HubPayload closeMessage) {
		if (this.closed.compareAndSet(false, true)) {
			write(closeMessage);
			terminate();
			abandonPending();
		}
	}

	/** Ends the transport without a Close message (the client went away). */
	public final boolean markClosed() {
		if (this.closed.compareAndSet(false, true)) {
			abandonPending();
			return true;
		}
		return false;
	}

	/**
	 * Waits for the client's answer to an invocation about to be sent with
	 * {@code invocationId}.
	 * @param invocationId the invocation's id
	 * @param max how many answers the connection may owe at once
	 * @return the answer to come; failed with {@link ConnectionClosedException} if the
	 * connection ends first
	 * @throws TooManyInvocationsException when it already owes {@code max}
	 */
	public CompletableFuture<HubMessage.Completion> expect(String invocationId, int max) {
		if (this.invocations.size() >= max) {
			throw new TooManyInvocationsException(max);
		}
		CompletableFuture<HubMessage.Completion> answer = new CompletableFuture<>();
		this.invocations.put(invocationId, answer);
		answer.whenComplete((completion, failure) -> this.invocations.remove(invocationId, answer));
		if (this.closed.get()) {
			answer.completeExceptionally(new ConnectionClosedException());
		}
		return answer;
	}

	/** The client answered an invocation; an answer nobody waits for is dropped. */
	public void answered(HubMessage.Completion completion) {
		CompletableFuture<HubMessage.Completion> answer = this.invocations.get(completion.invocationId());
		if (answer != null) {
			answer.complete(completion);
		}
	}

	/** The client asked for a stream under this id. */
	public void streamOpened(String streamId) {
		this.streams.add(streamId);
	}

	/**
	 * The stream ends (its last item, its completion, or the client's cancel).
	 * @return whether it was open
	 */
	public boolean streamClosed(String streamId) {
		return this.streams.remove(streamId);
	}

	public boolean streamOpen(String streamId) {
		return this.streams.contains(streamId);
	}

	private void abandonPending() {
		this.invocations.values().forEach((answer) -> answer.completeExceptionally(new ConnectionClosedException()));
		this.streams.clear();
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
	public BinaryMessageBuffer binaryInbound() {
		BinaryMessageBuffer buffer = this.binaryInbound;
		if (buffer == null) {
			buffer = new BinaryMessageBuffer();
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

	/**
	 * The protocol the handshake chose. While a handshake is under way this waits for it
	 * to end: its answer can reach the client, and the client act on it, before the
	 * handshake's thread sets the protocol.
	 * @return the protocol, or null before the handshake
	 */
	public @Nullable HubProtocol protocol() {
		HubProtocol spoken = this.protocol;
		if (spoken == null) {
			synchronized (this.handshake) {
				spoken = this.protocol;
			}
		}
		return spoken;
	}

	/**
	 * The handshake succeeded: its response goes to the client, and from then on the
	 * messages sent to the connection.
	 */
	public void handshaken(HubProtocol protocol, HubPayload response) {
		// The response is queued before any message: a send sees the protocol only
		// after it, and one that came meanwhile waits for it (the transport may write the
		// response before this thread goes on)
		synchronized (this.handshake) {
			send(response);
			this.protocol = protocol;
		}
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

	/**
	 * Completes once what was queued for the client before its transport ended has been
	 * handed to the transport: at once for transports the client pulls from.
	 * @return the completion
	 */
	public CompletableFuture<Void> flushed() {
		return CompletableFuture.completedFuture(null);
	}

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
