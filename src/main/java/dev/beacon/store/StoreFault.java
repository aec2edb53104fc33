package dev.beacon.store;

import java.util.Locale;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * What went wrong with the shared store, in words an operator can act on and a caller may
 * read: the store answered an error (a replica left read-only by a failover, out of
 * memory with {@code noeviction}, loading, busy) or did not answer (a pause, a slow
 * command, a connection gone). Redis's own message goes to the log only, never to a
 * caller.
 */
final class StoreFault {

	private StoreFault() {
	}

	/** The fault, for a caller: no host, no message of Redis's own. */
	static String describe(Throwable failure) {
		String message = messages(failure);
		if (message.contains("READONLY")) {
			return "is a read-only replica (READONLY: a failover left Beacon connected to a replica)";
		}
		if (message.contains("OOM ")) {
			return "is out of memory (OOM: maxmemory reached and nothing may be evicted)";
		}
		if (message.contains("LOADING")) {
			return "is loading its data";
		}
		if (message.contains("BUSY")) {
			return "is busy running a script";
		}
		String lower = message.toLowerCase(Locale.ROOT);
		if (has(failure, QueryTimeoutException.class) || lower.contains("timed out")) {
			return "did not answer in time";
		}
		if (has(failure, RedisConnectionFailureException.class) || lower.contains("connection closed")
				|| lower.contains("unable to connect") || lower.contains("connection reset")
				|| lower.contains("not connected")) {
			return "cannot be reached";
		}
		return "failed (" + root(failure).getClass().getSimpleName() + ")";
	}

	/**
	 * Whether the store still answers reads: out of memory with {@code noeviction}, or a
	 * read-only replica.
	 */
	static boolean refusesWritesOnly(Throwable failure) {
		String message = messages(failure);
		return message.contains("READONLY") || message.contains("OOM ");
	}

	/** The fault with Redis's own words, for the log. */
	static String detailed(Throwable failure) {
		Throwable root = root(failure);
		return describe(failure) + ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			all.append(cause.getMessage()).append('\n');
		}
		return all.toString();
	}

	private static boolean has(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable root(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

}
