package dev.beacon.status;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The store of one replica: in memory, lost on restart.
 */
final class MemoryStatusStore implements StatusStore {

	private final int historySize;

	private final Deque<StatusEvent> history = new ArrayDeque<>();

	private volatile StatusEvent current;

	MemoryStatusStore(StatusEvent initial, int historySize) {
		this.current = initial;
		this.historySize = historySize;
	}

	@Override
	public StatusEvent current() {
		return this.current;
	}

	@Override
	public void record(StatusEvent event) {
		synchronized (this.history) {
			this.current = event;
			this.history.addFirst(event);
			while (this.history.size() > this.historySize) {
				this.history.removeLast();
			}
		}
	}

	@Override
	public List<StatusEvent> history(int limit) {
		synchronized (this.history) {
			return this.history.stream().limit(limit).toList();
		}
	}

}
