package dev.beacon.restclient;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cancels exchanges with the service that have not completed by their deadline: one
 * platform thread for the process looks at the exchanges in flight every
 * {@link #TICK_MILLIS} ms while there are any, and sleeps while there are none.
 * <p>
 * Why not a timed wait in the caller: a caller is a virtual thread, and a virtual
 * thread's timed park schedules and cancels a wake-up on the JDK's delay scheduler for
 * every call, which cost a fifth of a publish's CPU (docs/performance.md). Here the
 * caller waits without a time; a deadline costs two map operations.
 */
final class ExchangeDeadlines {

	static final long TICK_MILLIS = 20;

	private static final ExchangeDeadlines INSTANCE = new ExchangeDeadlines();

	private final Set<Deadline> inFlight = ConcurrentHashMap.newKeySet();

	private volatile boolean idle;

	private final Thread watcher;

	private ExchangeDeadlines() {
		this.watcher = Thread.ofPlatform().daemon().name("beacon-signalr-deadlines").unstarted(this::watch);
		this.watcher.start();
	}

	/** The process's one. */
	static ExchangeDeadlines get() {
		return INSTANCE;
	}

	/**
	 * Watches an exchange until {@link Deadline#close()}.
	 * @param exchange cancelled (with interruption, which closes its connection) if not
	 * done in time
	 * @param nanos the time it has
	 * @return its deadline, to close once the exchange is done, and to ask whether it
	 * passed
	 */
	Deadline watch(Future<?> exchange, long nanos) {
		Deadline deadline = new Deadline(exchange, System.nanoTime() + nanos);
		this.inFlight.add(deadline);
		if (this.idle) {
			LockSupport.unpark(this.watcher);
		}
		return deadline;
	}

	private void watch() {
		while (true) {
			if (this.inFlight.isEmpty()) {
				this.idle = true;
				// Re-checked after saying so: an exchange added meanwhile unparks
				if (this.inFlight.isEmpty()) {
					LockSupport.park(this);
				}
				this.idle = false;
				continue;
			}
			long now = System.nanoTime();
			for (Deadline deadline : this.inFlight) {
				if (now - deadline.at > 0) {
					deadline.expire();
				}
			}
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
		}
	}

	/** One exchange's deadline. */
	final class Deadline implements AutoCloseable {

		private final Future<?> exchange;

		private final long at;

		private volatile boolean passed;

		private Deadline(Future<?> exchange, long at) {
			this.exchange = exchange;
			this.at = at;
		}

		private void expire() {
			this.passed = true;
			ExchangeDeadlines.this.inFlight.remove(this);
			this.exchange.cancel(true);
		}

		/** Whether the exchange was cancelled for being late. */
		boolean passed() {
			return this.passed;
		}

		@Override
		public void close() {
			ExchangeDeadlines.this.inFlight.remove(this);
		}

	}

}
