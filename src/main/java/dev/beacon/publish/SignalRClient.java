package dev.beacon.publish;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The operations of the SignalR Service data-plane REST API (2022-06-01). Hubs are
 * configured hub names in any case; names are validated before any request goes out
 * ({@link dev.beacon.protocol.InvalidNameException}). Failures are
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

}
