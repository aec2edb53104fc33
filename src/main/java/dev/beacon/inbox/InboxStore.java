package dev.beacon.inbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Where users' inboxes live. Calls fail with
 * {@link dev.beacon.store.StoreUnavailableException} when the store cannot answer.
 */
interface InboxStore {

	/**
	 * Keeps a message for a user; the same id twice is kept once.
	 * @param max the most the inbox holds; the oldest beyond it are dropped
	 * @return how many were dropped to make room
	 */
	int add(String hub, String userId, InboxMessage message, int max);

	/**
	 * A user's messages that have not expired, oldest first; expired ones are removed.
	 * @return the pending messages and how many expired
	 */
	Pending pending(String hub, String userId, Instant now);

	/**
	 * Removes messages from one user's inbox.
	 * @return how many were there
	 */
	int acknowledge(String hub, String userId, Collection<String> ids);

	/** Messages pending (not expired at {@code now}) in a hub, all users together. */
	long pendingCount(String hub, Instant now);

	/**
	 * A user's pending messages.
	 *
	 * @param messages oldest first
	 * @param expired how many were found expired and removed
	 */
	record Pending(List<InboxMessage> messages, int expired) {
	}

}
