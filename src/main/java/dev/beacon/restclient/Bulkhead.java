package dev.beacon.restclient;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * At most {@code max-concurrent-requests} data-plane requests in flight, one permit per
 * instance a call goes to; a call to more instances than that takes the whole bulkhead
 * instead of never fitting. A call that finds it full is refused at once (503,
 * {@code Retry-After: 1}), so an outage cannot tie up every request thread.
 * <p>
 * Calls made for a batch ({@link SignalRBatches}) wait for room instead, until their
 * batch's deadline: a batch is many calls that would otherwise refuse each other. All
 * batches together hold at most {@link #batchShare(int) half} the permits, in the order
 * they asked, so single calls always find the other half however many batches run.
 */
final class Bulkhead {

	private final int max;

	private final Semaphore inFlight;

	private final int share;

	private final Semaphore batches;

	private final MeterRegistry meterRegistry;

	Bulkhead(int max, MeterRegistry meterRegistry) {
		this.max = max;
		this.inFlight = new Semaphore(max);
		this.share = batchShare(max);
		this.batches = new Semaphore(this.share, true);
		this.meterRegistry = meterRegistry;
	}

	/**
	 * How many permits batches may hold at once: half of the bulkhead, at least one (with
	 * a bulkhead of one there is nothing to split).
	 * @param max the bulkhead's size
	 * @return the batches' share
	 */
	static int batchShare(int max) {
		return Math.max(1, max / 2);
	}

	/**
	 * Takes room for one call.
	 * @param request the call
	 * @param instances how many instances it goes to
	 * @return the room, to close when the call ends
	 * @throws SignalRUnavailableException when there is no room: at once, or for a batch
	 * call at its batch's deadline
	 */
	Permit acquire(RestApiRequest request, int instances) {
		int permits = Math.min(instances, this.max);
		OptionalLong deadline = SignalRBatches.deadline();
		if (deadline.isEmpty()) {
			if (!this.inFlight.tryAcquire(permits)) {
				throw refused(request, "Too many SignalR Service calls in flight");
			}
			return new Permit(permits, 0);
		}
		int shared = Math.min(permits, this.share);
		try {
			if (!this.batches.tryAcquire(shared, remaining(deadline.getAsLong()), TimeUnit.NANOSECONDS)) {
				throw refused(request, "No room for this batch's call before the batch's deadline");
			}
			if (!this.inFlight.tryAcquire(permits, remaining(deadline.getAsLong()), TimeUnit.NANOSECONDS)) {
				this.batches.release(shared);
				throw refused(request, "No room for this batch's call before the batch's deadline");
			}
			return new Permit(permits, shared);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw refused(request, "Interrupted while waiting for room for this batch's call");
		}
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	private SignalRUnavailableException refused(RestApiRequest request, String why) {
		this.meterRegistry.counter("beacon.signalr.requests.refused").increment();
		return new SignalRUnavailableException(request.method().name(), request.path(),
				why + " (beacon.signalr.max-concurrent-requests)", Duration.ofSeconds(1), null);
	}

	/**
	 * Room taken for one call.
	 */
	final class Permit implements AutoCloseable {

		private final int permits;

		private final int shared;

		private Permit(int permits, int shared) {
			this.permits = permits;
			this.shared = shared;
		}

		@Override
		public void close() {
			Bulkhead.this.inFlight.release(this.permits);
			if (this.shared > 0) {
				Bulkhead.this.batches.release(this.shared);
			}
		}

	}

}
