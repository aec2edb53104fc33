package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;

import dev.beacon.protocol.Names;
import dev.beacon.protocol.RestLimits;
import dev.beacon.restclient.RestApiRequest.Kind;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

import static dev.beacon.restclient.RestPaths.connection;
import static dev.beacon.restclient.RestPaths.escape;
import static dev.beacon.restclient.RestPaths.excluded;
import static dev.beacon.restclient.RestPaths.group;
import static dev.beacon.restclient.RestPaths.hasDotSegment;
import static dev.beacon.restclient.RestPaths.join;
import static dev.beacon.restclient.RestPaths.reason;
import static dev.beacon.restclient.RestPaths.user;

/**
 * Owns every data-plane URL, one method per operation, for the configured API version (an
 * operation 2022-06-01 does not have is refused before anything is built). Names are
 * validated with the service's rules before anything goes out; the hub (and application)
 * is lower-cased; every path segment is escaped like .NET's {@code Uri.EscapeDataString}
 * (only RFC 3986 unreserved characters kept), so IDs with {@code /}, spaces, {@code #} or
 * unicode round-trip.
 */
final class RestApiRequests {

	private final ApiVersion version;

	private final @Nullable String application;

	/** {@code application} (if any) and {@code api-version}: on every call. */
	private final String commonQuery;

	/** {@code api-version} alone, for the operations that take no application. */
	private final String versionQuery;

	RestApiRequests(@Nullable String application, ApiVersion version) {
		this.version = version;
		this.application = (application != null) ? Names.application(application) : null;
		this.versionQuery = "api-version=" + version.value();
		// The SDK's order (RestApiProvider): application first, then api-version.
		this.commonQuery = ((this.application != null) ? "application=" + escape(this.application) + "&" : "")
				+ this.versionQuery;
	}

	ApiVersion version() {
		return this.version;
	}

	/** Health is not per application: the SDK signs it with api-version only. */
	RestApiRequest health() {
		return new RestApiRequest("health", HttpMethod.HEAD, "/api/health", this.versionQuery, Kind.IDEMPOTENT, null);
	}

	RestApiRequest sendToAll(String hub, byte[] body, List<String> excluded) {
		return hub("sendToAll", HttpMethod.POST, hub, "/:send", Kind.SEND, body, excluded(excluded));
	}

	RestApiRequest sendToUser(String hub, String user, byte[] body) {
		return hub("sendToUser", HttpMethod.POST, hub, "/users/" + user(user) + "/:send", Kind.SEND, body, "");
	}

	RestApiRequest sendToGroup(String hub, String group, byte[] body, List<String> excluded) {
		return hub("sendToGroup", HttpMethod.POST, hub, "/groups/" + group(group) + "/:send", Kind.SEND, body,
				excluded(excluded));
	}

	RestApiRequest sendToConnection(String hub, String connectionId, byte[] body) {
		return hub("sendToConnection", HttpMethod.POST, hub, "/connections/" + connection(connectionId) + "/:send",
				Kind.SEND, body, "");
	}

	RestApiRequest closeAll(String hub, List<String> excluded, @Nullable String reason) {
		return hub("closeAll", HttpMethod.POST, hub, "/:closeConnections", Kind.IDEMPOTENT, null,
				join(excluded(excluded), reason(reason)));
	}

	RestApiRequest closeGroup(String hub, String group, List<String> excluded, @Nullable String reason) {
		return hub("closeGroup", HttpMethod.POST, hub, "/groups/" + group(group) + "/:closeConnections",
				Kind.IDEMPOTENT, null, join(excluded(excluded), reason(reason)));
	}

	RestApiRequest closeUser(String hub, String user, List<String> excluded, @Nullable String reason) {
		return hub("closeUser", HttpMethod.POST, hub, "/users/" + user(user) + "/:closeConnections", Kind.IDEMPOTENT,
				null, join(excluded(excluded), reason(reason)));
	}

	RestApiRequest closeConnection(String hub, String connectionId, @Nullable String reason) {
		return hub("closeConnection", HttpMethod.DELETE, hub, "/connections/" + connection(connectionId),
				Kind.IDEMPOTENT, null, reason(reason));
	}

	RestApiRequest addConnectionToGroup(String hub, String group, String connectionId) {
		return hub("addConnectionToGroup", HttpMethod.PUT, hub,
				"/groups/" + group(group) + "/connections/" + connection(connectionId), Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest removeConnectionFromGroup(String hub, String group, String connectionId) {
		return hub("removeConnectionFromGroup", HttpMethod.DELETE, hub,
				"/groups/" + group(group) + "/connections/" + connection(connectionId), Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest removeConnectionFromAllGroups(String hub, String connectionId) {
		return hub("removeConnectionFromAllGroups", HttpMethod.DELETE, hub,
				"/connections/" + connection(connectionId) + "/groups", Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest addUserToGroup(String hub, String group, String user, @Nullable Duration ttl) {
		String query = (ttl != null) ? "ttl=" + Math.max(0, ttl.toSeconds()) : "";
		return hub("addUserToGroup", HttpMethod.PUT, hub, "/users/" + user(user) + "/groups/" + group(group),
				Kind.IDEMPOTENT, null, query);
	}

	RestApiRequest removeUserFromGroup(String hub, String group, String user) {
		return hub("removeUserFromGroup", HttpMethod.DELETE, hub, "/users/" + user(user) + "/groups/" + group(group),
				Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest removeUserFromAllGroups(String hub, String user) {
		return hub("removeUserFromAllGroups", HttpMethod.DELETE, hub, "/users/" + user(user) + "/groups",
				Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest connectionExists(String hub, String connectionId) {
		return hub("connectionExists", HttpMethod.HEAD, hub, "/connections/" + connection(connectionId),
				Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest userExists(String hub, String user) {
		return hub("userExists", HttpMethod.HEAD, hub, "/users/" + user(user), Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest groupExists(String hub, String group) {
		return hub("groupExists", HttpMethod.HEAD, hub, "/groups/" + group(group), Kind.IDEMPOTENT, null, "");
	}

	RestApiRequest userInGroup(String hub, String group, String user) {
		return hub("userInGroup", HttpMethod.HEAD, hub, "/users/" + user(user) + "/groups/" + group(group),
				Kind.IDEMPOTENT, null, "");
	}

	/**
	 * {@code POST .../connections/{id}/:invoke}: a client result. Never retried: the
	 * client may have run the method.
	 */
	RestApiRequest invoke(String hub, String connectionId, byte[] body) {
		require("Client results", ApiVersion.V2024_12_01);
		return hub("invoke", HttpMethod.POST, hub, "/connections/" + connection(connectionId) + "/:invoke", Kind.SEND,
				body, "");
	}

	/** {@code GET .../groups/{group}/connections}: one page of a group's members. */
	RestApiRequest listConnectionsInGroup(String hub, String group, int maxPageSize,
			@Nullable String continuationToken) {
		require("Listing a group's connections", ApiVersion.V2024_12_01);
		String query = "maxpagesize=" + maxPageSize
				+ ((continuationToken != null) ? "&continuationToken=" + escape(continuationToken) : "");
		return hub("listConnectionsInGroup", HttpMethod.GET, hub, "/groups/" + group(group) + "/connections",
				Kind.IDEMPOTENT, null, query);
	}

	/**
	 * {@code POST /api/hubs/{hub}/:execute}: commands for the connections a filter
	 * selects. Takes no application: the application's hub is named in the path as the
	 * service names it, {@code {app}_{hub}}. Never retried on an ambiguous failure (it
	 * may send a message).
	 */
	RestApiRequest execute(String hub, @Nullable String filter, byte[] body) {
		require("Filtered commands", ApiVersion.V2024_12_01);
		String query = (filter != null) ? "filter=" + escape(filter) : "";
		return request("execute", HttpMethod.POST, "/api/hubs/" + escape(serviceHub(hub)) + "/:execute", Kind.SEND,
				body, join(this.versionQuery, query));
	}

	/** {@code POST .../streams/{streamId}/:send}: one item, the raw JSON value. */
	RestApiRequest sendToStream(String hub, String connectionId, String streamId, byte[] item, boolean completed) {
		require("Streams", ApiVersion.V2024_12_01);
		return hub("sendToStream", HttpMethod.POST, hub, stream(connectionId, streamId) + "/:send", Kind.SEND, item,
				completed ? "completed=true" : "");
	}

	/** {@code POST .../streams/{streamId}/:complete}, with an error if it failed. */
	RestApiRequest completeStream(String hub, String connectionId, String streamId, @Nullable String reason) {
		require("Streams", ApiVersion.V2024_12_01);
		return hub("completeStream", HttpMethod.POST, hub, stream(connectionId, streamId) + "/:complete", Kind.SEND,
				null, reason(reason));
	}

	/**
	 * {@code POST /api/hubs/{hub}/:generateToken}: a client token minted by the service.
	 */
	RestApiRequest generateToken(String hub, @Nullable String userId, int minutesToExpire) {
		require("Client tokens from the service", ApiVersion.V2024_12_01);
		String query = ((userId != null) ? "userId=" + escape(Names.user(userId)) + "&" : "") + "minutesToExpire="
				+ minutesToExpire;
		return request("generateToken", HttpMethod.POST, "/api/hubs/" + escape(serviceHub(hub)) + "/:generateToken",
				Kind.IDEMPOTENT, null, join(this.versionQuery, query));
	}

	/** {@code GET /api/auth/accessKey}: the key Microsoft Entra identities sign with. */
	RestApiRequest accessKey() {
		require("The versioned access-key fetch", ApiVersion.V2024_12_01);
		return request("accessKey", HttpMethod.GET, "/api/auth/accessKey", Kind.IDEMPOTENT, null, this.versionQuery);
	}

	private void require(String operation, ApiVersion needed) {
		if (this.version.compareTo(needed) < 0) {
			throw new UnsupportedOperationVersionException(operation, this.version, needed);
		}
	}

	/** The hub as the service names it when no application parameter can say it. */
	private String serviceHub(String hub) {
		String name = Names.hub(hub);
		return (this.application != null) ? this.application + "_" + name : name;
	}

	private static String stream(String connectionId, String streamId) {
		return "/connections/" + connection(connectionId) + "/streams/" + escape(Names.streamId(streamId));
	}

	private RestApiRequest hub(String operation, HttpMethod method, String hub, String pathAfterHub, Kind kind,
			byte @Nullable [] body, String query) {
		return request(operation, method, "/api/hubs/" + escape(Names.hub(hub)) + pathAfterHub, kind, body,
				join(this.commonQuery, query));
	}

	private RestApiRequest request(String operation, HttpMethod method, String path, Kind kind, byte @Nullable [] body,
			String fullQuery) {
		if (hasDotSegment(path)) {
			// Unreachable while Names refuses dot segments: the last line of defence
			// against a path that a server would normalise into another operation.
			throw new IllegalStateException("Refusing to send " + operation + " with a dot segment in its path");
		}
		// The service would refuse it (414 or 431): refused here, before anything is sent
		int line = RestLimits.requestLine(method.name(), path + "?" + fullQuery);
		if (line > RestLimits.MAX_REQUEST_LINE) {
			throw new RequestTooLongException(line, RestLimits.MAX_REQUEST_LINE);
		}
		return new RestApiRequest(operation, method, path, fullQuery, kind, body);
	}

}
