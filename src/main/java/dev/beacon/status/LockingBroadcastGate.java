package dev.beacon.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * Several replicas: each ticks on the same wall-clock boundaries, and a ShedLock lock in
 * the shared store lets the first to arrive run the tick while the others skip it. The
 * lock is held for at least half an interval, so replicas whose clocks differ by less
 * than that cannot both run one tick, and for at most one interval, so a replica that
 * dies holding it (even {@code kill -9}) delays the next tick by no more than one
 * interval.
 */
final class LockingBroadcastGate implements BroadcastGate {

	static final String LOCK_NAME = "status-broadcast";

	private final LockProvider locks;

	private final Duration atLeast;

	private final Duration atMost;

	LockingBroadcastGate(LockProvider locks, Duration interval) {
		this.locks = locks;
		this.atLeast = interval.dividedBy(2);
		this.atMost = interval;
	}

	@Override
	public boolean runOnce(Instant tick, Runnable task) {
		Optional<SimpleLock> lock = this.locks.lock(new LockConfiguration(tick, LOCK_NAME, this.atMost, this.atLeast));
		if (lock.isEmpty()) {
			return false;
		}
		try {
			task.run();
			return true;
		}
		finally {
			lock.get().unlock();
		}
	}

}
