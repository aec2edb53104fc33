package dev.beacon.upstream;

import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRException;
import dev.beacon.restclient.SignalRNotFoundException;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sends what a streaming hub method produces to the client that asked, one item at a time
 * through the REST API's {@code streams/{streamId}/:send}, then {@code :complete} (with
 * the error, if producing failed), on a virtual thread per stream. Items go in order,
 * each after the previous one was taken. When the client cancels, the service no longer
 * knows the stream and the next item answers 404: the producer stops there, and a
 * {@link Stream} or an {@link AutoCloseable} iterator is closed, a
 * {@link Flow.Publisher}'s subscription cancelled. A thread is named by a counter, never
 * by the client's stream id, and nothing it meets escapes it.
 */
final class StreamProducers {

	private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

	private static final Log logger = LogFactory.getLog(StreamProducers.class);

	private final SignalRClient client;

	private final MeterRegistry meterRegistry;

	private final AtomicLong started = new AtomicLong();

	StreamProducers(SignalRClient client, MeterRegistry meterRegistry) {
		this.client = client;
		this.meterRegistry = meterRegistry;
	}

	/** Whether a hub method's result can be streamed. */
	static boolean streamable(@Nullable Object result) {
		return result instanceof Stream<?> || result instanceof Iterable<?> || result instanceof Iterator<?>
				|| result instanceof Flow.Publisher<?>;
	}

	/**
	 * Starts sending a stream.
	 * @param context the client that asked
	 * @param streamId the stream's id, its request's invocation id
	 * @param source a {@link Stream}, {@link Iterable}, {@link Iterator} or
	 * {@link Flow.Publisher}
	 * @return when the stream ended, for tests
	 */
	CompletableFuture<Void> start(InvocationContext context, String streamId, Object source) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		// In the trace of the invocation that asked: each item's REST call is its child.
		Thread.ofVirtual()
			.name("beacon-stream-" + this.started.incrementAndGet())
			.start(CONTEXT.captureAll().wrap(() -> {
				try {
					produce(context, streamId, source);
				}
				catch (RuntimeException ex) {
					logger.warn("Stream to connection " + context.connectionId() + " ended unexpectedly", ex);
				}
				finally {
					done.complete(null);
				}
			}));
		return done;
	}

	private void produce(InvocationContext context, String streamId, Object source) {
		if (source instanceof Failed failed) {
			complete(context, streamId, failed.error());
			this.meterRegistry.counter("beacon.upstream.streams", "outcome", "error").increment();
			return;
		}
		String outcome = "completed";
		String error = null;
		try {
			Iterator<?> items = switch (source) {
				case Stream<?> stream -> stream.iterator();
				case Iterable<?> iterable -> iterable.iterator();
				case Iterator<?> iterator -> iterator;
				case Flow.Publisher<?> publisher -> new PublisherItems<>(publisher);
				default -> throw new IllegalArgumentException("not a stream: " + source.getClass().getName());
			};
			while (items.hasNext()) {
				this.client.sendToStream(context.hub(), context.connectionId(), streamId, items.next(), false);
			}
		}
		catch (SignalRNotFoundException ex) {
			outcome = "cancelled";
		}
		catch (SignalRException ex) {
			// The service may still take the completion, so the client's stream ends
			// rather than waiting forever
			outcome = "failed";
			error = "An error occurred on the server while streaming.";
			logger.warn(
					"Stream " + streamId + " to connection " + context.connectionId() + " failed: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			outcome = "error";
			error = (ex instanceof HubException) ? "Stream errored by the server. HubException: " + ex.getMessage()
					: "An error occurred on the server while streaming.";
			if (!(ex instanceof HubException)) {
				logger.warn("Streaming hub method failed for stream " + streamId, ex);
			}
		}
		finally {
			close(source);
		}
		if (!outcome.equals("cancelled")) {
			complete(context, streamId, error);
		}
		this.meterRegistry.counter("beacon.upstream.streams", "outcome", outcome).increment();
	}

	private void complete(InvocationContext context, String streamId, @Nullable String error) {
		try {
			this.client.completeStream(context.hub(), context.connectionId(), streamId, error);
		}
		catch (SignalRException ex) {
			logger.debug("Stream " + streamId + " could not be completed: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			// Not the service refusing: nothing was sent (the API version has no streams,
			// say), so nothing more can reach the client
			logger.warn(
					"A stream to connection " + context.connectionId() + " could not be completed: " + ex.getMessage());
		}
	}

	private static void close(Object source) {
		try {
			if (source instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			logger.debug("Closing a stream's source failed", ex);
		}
	}

	/**
	 * A stream that ends at once with an error: the hub method failed or returned no
	 * stream.
	 *
	 * @param error what the client is told
	 */
	record Failed(String error) {
	}

	/**
	 * A publisher's items one at a time: the next is requested as one is handed on, so
	 * the publisher is never more than one item ahead of the client. Closing cancels.
	 */
	private static final class PublisherItems<T> implements Iterator<Object>, Flow.Subscriber<T>, AutoCloseable {

		private static final Object END = new Object();

		private final BlockingQueue<Object> next = new LinkedBlockingQueue<>();

		private volatile Flow.@Nullable Subscription subscription;

		private @Nullable Object peeked;

		PublisherItems(Flow.Publisher<T> publisher) {
			publisher.subscribe(this);
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(T item) {
			this.next.add((item != null) ? item : NullItem.INSTANCE);
		}

		@Override
		public void onError(Throwable throwable) {
			this.next.add(new Failure(throwable));
		}

		@Override
		public void onComplete() {
			this.next.add(END);
		}

		@Override
		public boolean hasNext() {
			if (this.peeked == null) {
				try {
					this.peeked = this.next.take();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for the next item", ex);
				}
			}
			if (this.peeked instanceof Failure failure) {
				throw (failure.cause() instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(failure.cause());
			}
			return this.peeked != END;
		}

		@Override
		public @Nullable Object next() {
			hasNext();
			Object item = this.peeked;
			this.peeked = null;
			Flow.Subscription current = this.subscription;
			if (current != null) {
				current.request(1);
			}
			return (item == NullItem.INSTANCE) ? null : item;
		}

		@Override
		public void close() {
			Flow.Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
		}

		private record Failure(Throwable cause) {
		}

		private enum NullItem {

			INSTANCE

		}

	}

}
