package dev.beacon.status;

import java.util.List;

/**
 * Where the current status and the history of broadcast statuses live.
 */
interface StatusStore {

	/**
	 * The newest recorded status.
	 * @return the current status, or the configured default before any was recorded
	 */
	StatusEvent current();

	/**
	 * Records a broadcast status: it becomes the current one and the newest in the
	 * history, which keeps at most {@code beacon.status.history-size} events.
	 * @param event the status the service accepted
	 */
	void record(StatusEvent event);

	/**
	 * The newest statuses first.
	 * @param limit at most this many
	 * @return the history
	 */
	List<StatusEvent> history(int limit);

}
