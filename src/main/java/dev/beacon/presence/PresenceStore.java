package dev.beacon.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where presence lives. Every change is idempotent and order-tolerant: a second
 * {@code connected} changes nothing, a {@code disconnected} removes the connection and is
 * remembered for {@code beacon.presence.tombstone-ttl}, so a {@code connected} that
 * arrives after it is ignored. Calls fail with
 * {@link dev.beacon.store.StoreUnavailableException} when the store cannot answer.
 */
interface PresenceStore {

	/**
	 * A connection arrived.
	 * @return whether it was new (false: a duplicate, or its disconnect came first)
	 */
	boolean connected(String hub, String connectionId, @Nullable String userId, Instant at);

	/**
	 * A connection ended.
	 * @param at when the event arrived
	 * @param tombstoneTtl how long a late {@code connected} for it is ignored
	 * @return whether it was known
	 */
	boolean disconnected(String hub, String connectionId, Instant at, Duration tombstoneTtl);

	void joined(String hub, String group, String connectionId);

	void left(String hub, String group, String connectionId);

	void leftAllGroups(String hub, String connectionId);

	void userJoined(String hub, String group, String userId);

	void userLeft(String hub, String group, String userId);

	void userLeftAllGroups(String hub, String userId);

	Presence.Counts counts(String hub);

	/**
	 * Users online, by user ID.
	 * @param limit at most this many
	 * @param after the cursor: the last user of the previous page, or null
	 */
	Presence.UsersPage users(String hub, int limit, @Nullable String after);

	Presence.UserConnections user(String hub, String userId);

	Presence.Group group(String hub, String group);

	/**
	 * Takes connections last heard of before {@code before} for a check with the service,
	 * marking them heard of {@code now}, so no other caller (or replica) checks them too.
	 * @return at most {@code limit} connection IDs
	 */
	List<String> claimStale(String hub, Instant before, Instant now, int limit);

}
