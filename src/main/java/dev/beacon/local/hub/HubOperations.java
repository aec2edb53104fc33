package dev.beacon.local.hub;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.ODataFilter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Everything the local service's REST API does to its hubs, whatever holds them: this
 * replica alone ({@link LocalHubOperations}), or every replica sharing one Redis. Hubs
 * are the service's lower-cased names; names are already validated.
 */
public interface HubOperations {

	void sendToAll(String hub, OutgoingMessage message, List<String> excluded);

	void sendToUser(String hub, String userId, OutgoingMessage message);

	void sendToGroup(String hub, String group, OutgoingMessage message, List<String> excluded);

	void sendToConnection(String hub, String connectionId, OutgoingMessage message);

	void closeAll(String hub, List<String> excluded, String reason);

	void closeUser(String hub, String userId, List<String> excluded, String reason);

	void closeGroup(String hub, String group, List<String> excluded, String reason);

	void closeConnection(String hub, String connectionId, String reason);

	boolean connectionExists(String hub, String connectionId);

	boolean userExists(String hub, String userId);

	boolean groupExists(String hub, String group);

	boolean userInGroup(String hub, String userId, String group);

	/**
	 * @return false when there is no such connection
	 */
	boolean addToGroup(String hub, String group, String connectionId);

	/**
	 * @return false when there is no such connection
	 */
	boolean removeFromGroup(String hub, String group, String connectionId);

	void removeFromAllGroups(String hub, String connectionId);

	/**
	 * Adds a user, its current and future connections, to a group.
	 * @param expiry when the membership ends; null for none given: a year at most, and
	 * only while the group is among the latest updated
	 * {@value LocalHubs#MAX_USER_GROUPS_WITHOUT_TTL} the user joined without one (an
	 * older one leaves as by {@link #removeUserFromGroup})
	 */
	void addUserToGroup(String hub, String userId, String group, @Nullable Instant expiry);

	void removeUserFromGroup(String hub, String userId, String group);

	void removeUserFromAllGroups(String hub, String userId);

	/**
	 * A group's connections, its own members and its users' connections.
	 * @return them by connection id
	 */
	List<Member> groupMembers(String hub, String group);

	/**
	 * Applies commands to the connections a filter selects, selected once.
	 * @param filter the filter, null for every connection
	 */
	void execute(String hub, @Nullable ODataFilter filter, List<HubCommand> commands);

	/**
	 * Sends an invocation with an id to one connection and waits for its Completion.
	 * @return the answer to come; failed with {@link ConnectionClosedException} if the
	 * connection ends first
	 * @throws NoSuchConnectionException when there is no such connection
	 * @throws TooManyInvocationsException when it already owes as many answers as it may
	 */
	CompletableFuture<HubMessage.Completion> invoke(String hub, String connectionId, OutgoingMessage message);

	/**
	 * One item of a stream the client asked for; the last ends it.
	 * @return false when the connection has no such stream open
	 */
	boolean streamItem(String hub, String connectionId, String streamId, JsonNode item, boolean last);

	/**
	 * Ends a stream, with an error if it failed.
	 * @return false when the connection has no such stream open
	 */
	boolean completeStream(String hub, String connectionId, String streamId, @Nullable String error);

	/**
	 * One connection of a group.
	 *
	 * @param connectionId the connection
	 * @param userId its user, if any
	 */
	record Member(String connectionId, @Nullable String userId) {
	}

}
