package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The operations of the SignalR Service data-plane REST API (2024-12-01; on 2022-06-01
 * the operations that version lacks throw {@link UnsupportedOperationVersionException}).
 * Hubs are configured hub names in any case; names are validated before any request goes
 * out ({@link dev.beacon.protocol.InvalidNameException}). Failures are
 * {@link SignalRException}s.
 */
public interface SignalRClient {

	/** {@code HEAD /api/health}; throws when the service is not healthy. */
	void checkHealth();

	void sendToAll(String hub, SignalRMessage message, List<String> excluded);

	void sendToUser(String hub, String userId, SignalRMessage message);

	void sendToGroup(String hub, String group, SignalRMessage message, List<String> excluded);

	void sendToConnection(String hub, String connectionId, SignalRMessage message);

	void closeAll(String hub, List<String> excluded, @Nullable String reason);

	void closeGroup(String hub, String group, List<String> excluded, @Nullable String reason);

	void closeUser(String hub, String userId, List<String> excluded, @Nullable String reason);

	void closeConnection(String hub, String connectionId, @Nullable String reason);

	void addConnectionToGroup(String hub, String group, String connectionId);

	void removeConnectionFromGroup(String hub, String group, String connectionId);

	void removeConnectionFromAllGroups(String hub, String connectionId);

	/**
	 * Adds a user (all its current and future connections) to a group.
	 * @param hub the hub
	 * @param group the group
	 * @param userId the user
	 * @param ttl how long the membership lasts; null for the service's default (1 year)
	 */
	void addUserToGroup(String hub, String group, String userId, @Nullable Duration ttl);

	void removeUserFromGroup(String hub, String group, String userId);

	void removeUserFromAllGroups(String hub, String userId);

	boolean connectionExists(String hub, String connectionId);

	boolean userExists(String hub, String userId);

	boolean groupExists(String hub, String group);

	boolean userInGroup(String hub, String group, String userId);

	/**
	 * Invokes a method on one client and waits for what it returns (a client result).
	 * @param hub the hub
	 * @param connectionId the client's connection
	 * @param message the method and its arguments
	 * @param timeout how long to wait for the client
	 * @return the client's value, JSON whatever the client's protocol; a JSON null for
	 * none
	 * @throws SignalRClientResultException when the client answered an error, left, or
	 * did not answer in time
	 * @throws SignalRNotFoundException when there is no such connection
	 */
	JsonNode invoke(String hub, String connectionId, SignalRMessage message, Duration timeout);

	/**
	 * One page of the connections in a group.
	 * @param hub the hub
	 * @param group the group
	 * @param maxPageSize 1 to 200
	 * @param continuationToken the previous page's, null for the first
	 * @return the page
	 */
	GroupMembersPage listConnectionsInGroup(String hub, String group, int maxPageSize,
			@Nullable String continuationToken);

	/**
	 * Applies commands to every connection a filter selects ({@code :execute}).
	 * @param hub the hub
	 * @param filter an OData filter (checked by the caller), null for every connection
	 * @param commands the commands, in order
	 */
	void execute(String hub, @Nullable String filter, List<SignalRCommand> commands);

	/**
	 * Sends one item of a stream a client asked for.
	 * @param hub the hub
	 * @param connectionId the client's connection
	 * @param streamId the stream, the invocation id of the client's request
	 * @param item the item, any JSON value
	 * @param completed whether it is the last
	 * @throws SignalRNotFoundException when the stream is gone (the client cancelled it)
	 */
	void sendToStream(String hub, String connectionId, String streamId, @Nullable Object item, boolean completed);

	/**
	 * Ends a stream.
	 * @param hub the hub
	 * @param connectionId the client's connection
	 * @param streamId the stream
	 * @param error why it failed, or null when it ended well
	 */
	void completeStream(String hub, String connectionId, String streamId, @Nullable String error);

	/**
	 * A client access token minted by the service ({@code :generateToken}).
	 * @param hub the hub
	 * @param userId the user it names, or null
	 * @param minutesToExpire its lifetime, at least 1
	 * @return the token
	 */
	String generateToken(String hub, @Nullable String userId, int minutesToExpire);

}
