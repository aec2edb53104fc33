package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;

/**
 * A group membership change the service accepted through Beacon's REST client, published
 * as a Spring application event after the call succeeded (for presence, and for users'
 * own listeners).
 *
 * @param hub the hub, lower-cased as the service names it
 * @param change what changed
 * @param group the group, or null for "all groups"
 * @param connectionId the connection, for connection changes
 * @param userId the user, for user changes
 */
public record GroupChangedEvent(String hub, Change change, @Nullable String group, @Nullable String connectionId,
		@Nullable String userId) {

	/**
	 * The kinds of change.
	 */
	public enum Change {

		CONNECTION_ADDED, CONNECTION_REMOVED, CONNECTION_REMOVED_FROM_ALL, USER_ADDED, USER_REMOVED,
		USER_REMOVED_FROM_ALL

	}

}
