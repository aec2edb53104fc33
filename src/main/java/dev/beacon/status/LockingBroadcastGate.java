package dev.beacon.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Several replicas: each ticks on the same wall-clock boundaries, and a ShedLock lock in
 * the shared store lets the first to arrive run the tick while the others skip it. The
 * lock is held for at least half an interval, so replicas whose clocks differ by less
 * than that cannot both run one tick, and for at most one interval, so a replica that
 * dies holding it (even {@code kill -9}) delays the next tick by no more than one
 * interval. While the store does not answer, ticks are skipped and logged once.
 */
final class LockingBroadcastGate implements BroadcastGate {

	static final String LOCK_NAME = "status-broadcast";

	private static final Log logger = LogFactory.getLog(LockingBroadcastGate.class);

	private final LockProvider locks;

	private final AtomicBoolean failing = new AtomicBoolean();

	private final Duration atLeast;

	private final Duration atMost;

	LockingBroadcastGate(LockProvider locks, Duration interval) {
		this.locks = locks;
		this.atLeast = interval.dividedBy(2);
		this.atMost = interval;
	}

	@Override
	public boolean runOnce(Instant tick, Runnable task) {
		Optional<SimpleLock> lock;
		try {
			lock = this.locks.lock(new LockConfiguration(tick, LOCK_NAME, this.atMost, this.atLeast));
		}
		catch (RuntimeException ex) {
			// The store is paused, failing over or gone: Beacon handles it by skipping
			// the
			// tick, so it is a WARN when it starts and one when it ends, not an ERROR a
			// tick
			if (this.failing.compareAndSet(false, true)) {
				logger.warn("The status broadcast cannot take its lock in the store (" + fault(ex)
						+ "): ticks are skipped until the store answers");
			}
			return false;
		}
		if (this.failing.compareAndSet(true, false)) {
			logger.warn("The status broadcast takes its lock in the store again: ticks run");
		}
		if (lock.isEmpty()) {
			return false;
		}
		try {
			task.run();
			return true;
		}
		finally {
			unlock(lock.get());
		}
	}

	// A lock that cannot be released expires at the end of its interval by itself
	private static void unlock(SimpleLock lock) {
		try {
			lock.unlock();
		}
		catch (RuntimeException ex) {
			logger.warn("The status broadcast could not release its lock (" + fault(ex) + "); it expires by itself");
		}
	}

	/** What failed, without a stack trace: the exception and its root cause. */
	static String fault(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == ex) ? ex.getClass().getSimpleName() + ": " + ex.getMessage() : ex.getClass().getSimpleName()
				+ " caused by " + root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
