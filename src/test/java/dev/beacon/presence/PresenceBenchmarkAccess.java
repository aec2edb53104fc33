package dev.beacon.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fills a memory presence store as the upstream's events would, for benchmarks in another
 * package.
 */
public final class PresenceBenchmarkAccess {

	private PresenceBenchmarkAccess() {
	}

	/**
	 * A memory store holding the given connections of the default hub.
	 * @param connectionIds the connections
	 * @param userIds each connection's user, by position
	 * @param disconnected whether every connection then ends, leaving only its tombstone
	 * @return the store
	 */
	public static Object memoryStoreWith(List<String> connectionIds, List<String> userIds, boolean disconnected) {
		MemoryPresenceStore store = new MemoryPresenceStore();
		for (int i = 0; i < connectionIds.size(); i++) {
			store.connected("notifications", connectionIds.get(i), userIds.get(i), Instant.now());
		}
		if (disconnected) {
			for (String connectionId : connectionIds) {
				store.disconnected("notifications", connectionId, Instant.now(), Duration.ofMinutes(10));
			}
		}
		if (store.counts("notifications").connections() != (disconnected ? 0 : connectionIds.size())) {
			throw new IllegalStateException("the store did not take every connection");
		}
		return store;
	}

}
