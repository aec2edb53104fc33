package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.protocol.Names;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The data-plane REST client: each operation is built by {@link RestApiRequests} and run
 * by the {@link RestCallExecutor} (bulkhead, retries, metrics); failures are
 * {@link SignalRException}s.
 */
public class SignalRRestClient implements SignalRClient {

	private final RestCallExecutor executor;

	private final RestApiRequests requests;

	private final JsonMapper jsonMapper;

	private final ApplicationEventPublisher events;

	private final ClientResults clientResults;

	private final GroupListings groupListings;

	SignalRRestClient(RestCallExecutor executor, RestApiRequests requests, JsonMapper jsonMapper,
			ApplicationEventPublisher events, ClientResults clientResults) {
		this.executor = executor;
		this.requests = requests;
		this.jsonMapper = jsonMapper;
		this.events = events;
		this.clientResults = clientResults;
		this.groupListings = new GroupListings(executor, jsonMapper);
	}

	/**
	 * A probe: one attempt, no retries, so health shows flapping instead of hiding it.
	 */
	@Override
	public void checkHealth() {
		execute(this.requests.health(), false, false);
	}

	/**
	 * Asks one instance, online or not, whether it is healthy: one attempt.
	 * @param endpoint the instance
	 * @throws SignalRException when it is not
	 */
	void checkHealthOf(ServiceEndpoint endpoint) {
		this.executor.executeOn(this.requests.health(), endpoint);
	}

	@Override
	public void sendToAll(String hub, SignalRMessage message, List<String> excluded) {
		execute(this.requests.sendToAll(hub, json(message), excluded), true, false);
	}

	@Override
	public void sendToUser(String hub, String userId, SignalRMessage message) {
		execute(this.requests.sendToUser(hub, userId, json(message)), true, false);
	}

	@Override
	public void sendToGroup(String hub, String group, SignalRMessage message, List<String> excluded) {
		execute(this.requests.sendToGroup(hub, group, json(message), excluded), true, false);
	}

	@Override
	public void sendToConnection(String hub, String connectionId, SignalRMessage message) {
		execute(this.requests.sendToConnection(hub, connectionId, json(message)), true, false);
	}

	@Override
	public void closeAll(String hub, List<String> excluded, @Nullable String reason) {
		execute(this.requests.closeAll(hub, excluded, reason), true, false);
	}

	@Override
	public void closeGroup(String hub, String group, List<String> excluded, @Nullable String reason) {
		execute(this.requests.closeGroup(hub, group, excluded, reason), true, false);
	}

	@Override
	public void closeUser(String hub, String userId, List<String> excluded, @Nullable String reason) {
		execute(this.requests.closeUser(hub, userId, excluded, reason), true, false);
	}

	@Override
	public void closeConnection(String hub, String connectionId, @Nullable String reason) {
		execute(this.requests.closeConnection(hub, connectionId, reason), true, false);
	}

	@Override
	public void addConnectionToGroup(String hub, String group, String connectionId) {
		execute(this.requests.addConnectionToGroup(hub, group, connectionId), true, false);
		changed(hub, GroupChangedEvent.Change.CONNECTION_ADDED, group, connectionId, null);
	}

	@Override
	public void removeConnectionFromGroup(String hub, String group, String connectionId) {
		execute(this.requests.removeConnectionFromGroup(hub, group, connectionId), true, false);
		changed(hub, GroupChangedEvent.Change.CONNECTION_REMOVED, group, connectionId, null);
	}

	@Override
	public void removeConnectionFromAllGroups(String hub, String connectionId) {
		execute(this.requests.removeConnectionFromAllGroups(hub, connectionId), true, false);
		changed(hub, GroupChangedEvent.Change.CONNECTION_REMOVED_FROM_ALL, null, connectionId, null);
	}

	@Override
	public void addUserToGroup(String hub, String group, String userId, @Nullable Duration ttl) {
		execute(this.requests.addUserToGroup(hub, group, userId, ttl), true, false);
		changed(hub, GroupChangedEvent.Change.USER_ADDED, group, null, userId);
	}

	@Override
	public void removeUserFromGroup(String hub, String group, String userId) {
		execute(this.requests.removeUserFromGroup(hub, group, userId), true, false);
		changed(hub, GroupChangedEvent.Change.USER_REMOVED, group, null, userId);
	}

	@Override
	public void removeUserFromAllGroups(String hub, String userId) {
		execute(this.requests.removeUserFromAllGroups(hub, userId), true, false);
		changed(hub, GroupChangedEvent.Change.USER_REMOVED_FROM_ALL, null, null, userId);
	}

	@Override
	public boolean connectionExists(String hub, String connectionId) {
		return execute(this.requests.connectionExists(hub, connectionId), true, true);
	}

	@Override
	public boolean userExists(String hub, String userId) {
		return execute(this.requests.userExists(hub, userId), true, true);
	}

	@Override
	public boolean groupExists(String hub, String group) {
		return execute(this.requests.groupExists(hub, group), true, true);
	}

	@Override
	public boolean userInGroup(String hub, String group, String userId) {
		return execute(this.requests.userInGroup(hub, group, userId), true, true);
	}

	@Override
	public JsonNode invoke(String hub, String connectionId, SignalRMessage message, Duration timeout) {
		return this.clientResults.invoke(this.requests, hub, connectionId, message, timeout);
	}

	@Override
	public GroupMembersPage listConnectionsInGroup(String hub, String group, int maxPageSize,
			@Nullable String continuationToken) {
		return this.groupListings.list(this.requests, hub, group, maxPageSize, continuationToken);
	}

	@Override
	public void execute(String hub, @Nullable String filter, List<SignalRCommand> commands) {
		byte[] body = this.jsonMapper.writeValueAsBytes(commands.stream().map(SignalRCommand::json).toList());
		execute(this.requests.execute(hub, filter, body), true, false);
	}

	@Override
	public void sendToStream(String hub, String connectionId, String streamId, @Nullable Object item,
			boolean completed) {
		execute(this.requests.sendToStream(hub, connectionId, streamId, this.jsonMapper.writeValueAsBytes(item),
				completed), true, false);
	}

	@Override
	public void completeStream(String hub, String connectionId, String streamId, @Nullable String error) {
		execute(this.requests.completeStream(hub, connectionId, streamId, error), true, false);
	}

	@Override
	public String generateToken(String hub, @Nullable String userId, int minutesToExpire) {
		RestApiRequest request = this.requests.generateToken(hub, userId, minutesToExpire).answered(null);
		RestCallExecutor.Answered answered = this.executor.exchangeOn(request,
				this.executor.online(request).getFirst());
		if (!answered.answer().successful()) {
			throw answered.failure(request);
		}
		JsonNode token = this.jsonMapper.readTree(answered.answer().body()).path("token");
		if (!token.isString()) {
			throw new SignalRRejectedException(request.method().name(), request.path(),
					"SignalR Service answered no token", null);
		}
		return token.asString();
	}

	private void changed(String hub, GroupChangedEvent.Change change, @Nullable String group,
			@Nullable String connectionId, @Nullable String userId) {
		this.events.publishEvent(new GroupChangedEvent(Names.hub(hub), change, group, connectionId, userId));
	}

	private byte[] json(SignalRMessage message) {
		return this.jsonMapper.writeValueAsBytes(message);
	}

	private boolean execute(RestApiRequest request, boolean retry, boolean notFoundIsFalse) {
		return this.executor.execute(request, retry, notFoundIsFalse);
	}

}
