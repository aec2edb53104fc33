package dev.beacon.status;

import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store of one replica: in memory, lost on restart.
 */
final class MemoryStatusStore implements StatusStore {

	private final StatusEvent initial;

	private final int historySize;

	private final AtomicLong sequence = new AtomicLong();

	private final NavigableMap<Long, StatusEvent> history = new TreeMap<>(Comparator.reverseOrder());

	MemoryStatusStore(StatusEvent initial, int historySize) {
		this.initial = initial;
		this.historySize = historySize;
	}

	@Override
	public long nextSequence() {
		return this.sequence.incrementAndGet();
	}

	@Override
	public synchronized void record(StatusEvent event) {
		this.history.put(event.sequence(), event);
		while (this.history.size() > this.historySize) {
			this.history.pollLastEntry();
		}
	}

	@Override
	public synchronized StatusEvent current() {
		return this.history.isEmpty() ? this.initial : this.history.firstEntry().getValue();
	}

	@Override
	public synchronized List<StatusEvent> history(int limit) {
		return this.history.values().stream().limit(limit).toList();
	}

}
