package dev.beacon.presence;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What presence answers, as the API returns it.
 */
final class Presence {

	private Presence() {
	}

	/**
	 * How many are connected to a hub.
	 *
	 * @param connections every connection
	 * @param users distinct users with at least one connection
	 * @param anonymousConnections connections without a user
	 */
	record Counts(long connections, long users, long anonymousConnections) {
	}

	/**
	 * One user online and how many connections they hold.
	 *
	 * @param userId the user
	 * @param connections their connections
	 */
	record User(String userId, long connections) {
	}

	/**
	 * A page of users online, ordered by user ID.
	 *
	 * @param users this page
	 * @param nextCursor where the next page starts (pass as {@code cursor}), or null at
	 * the end
	 */
	record UsersPage(List<User> users, @Nullable String nextCursor) {
	}

	/**
	 * One connection.
	 *
	 * @param connectionId the connection
	 * @param connectedAt when its {@code connected} event arrived
	 */
	record Connection(String connectionId, Instant connectedAt) {
	}

	/**
	 * A user's connections.
	 *
	 * @param userId the user
	 * @param connections their connections, oldest first
	 */
	record UserConnections(String userId, List<Connection> connections) {
	}

	/**
	 * Who is connected and in a group that Beacon changed: connections added to it, and
	 * the connections of users added to it.
	 *
	 * @param group the group
	 * @param connections its connections online
	 * @param users the distinct users among them
	 */
	record Group(String group, List<String> connections, List<String> users) {
	}

}
