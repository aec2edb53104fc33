package dev.beacon.status;

import java.time.Instant;

/**
 * Lets exactly one replica run the scheduled broadcast of a tick.
 */
interface BroadcastGate {

	/**
	 * Runs the task if this replica is the first to claim the tick.
	 * @param tick the interval boundary the task is for
	 * @param task the broadcast
	 * @return whether this replica ran it
	 */
	boolean runOnce(Instant tick, Runnable task);

	/** One replica: every tick is this one's. */
	BroadcastGate ALWAYS = (tick, task) -> {
		task.run();
		return true;
	};

}
