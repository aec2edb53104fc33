package dev.beacon.status;

import java.util.List;

/**
 * Where the current status and the history of broadcast statuses live: one order for
 * every replica, assigned by the store. Calls fail with
 * {@link dev.beacon.store.StoreUnavailableException} when the store cannot answer.
 */
interface StatusStore {

	/**
	 * Reserves the next place in the order, before the status is sent, so a store that
	 * cannot answer refuses the publish before any client sees it.
	 * @return the sequence number of the next broadcast
	 */
	long nextSequence();

	/**
	 * Records a broadcast the service accepted, at its sequence: the newest becomes the
	 * current status; the history keeps at most {@code beacon.status.history-size}.
	 * @param event the status, with its sequence
	 */
	void record(StatusEvent event);

	/**
	 * The recorded status with the highest sequence.
	 * @return the current status, or the configured default before any was recorded
	 */
	StatusEvent current();

	/**
	 * The recorded statuses, highest sequence first.
	 * @param limit at most this many
	 * @return the history
	 */
	List<StatusEvent> history(int limit);

}
