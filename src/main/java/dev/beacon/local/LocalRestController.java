package dev.beacon.local;

import dev.beacon.protocol.JsonHubProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ConditionalOnBeaconMode;
import dev.beacon.protocol.Names;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data-plane REST API of the local service: the 2022-06-01 paths and, for sends and
 * user groups, the legacy {@code /api/v1} ones. Status codes follow the 2022-06-01
 * Swagger; a 404 carries {@code x-ms-error-code} as the service's does, which the
 * Microsoft SDK needs to tell "not found" from "wrong endpoint". Every call is
 * token-checked before its body is read ({@link LocalAuthenticationInterceptor}).
 */
@RestController
@Hidden
@ConditionalOnBeaconMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:/local}/api")
class LocalRestController {

	private final LocalHubs hubs;

	private final JsonHubProtocol protocol;

	private final JsonMapper jsonMapper;

	private final ConnectionDispatcher dispatcher;

	LocalRestController(LocalHubs hubs, JsonHubProtocol protocol, JsonMapper jsonMapper,
			ConnectionDispatcher dispatcher) {
		this.hubs = hubs;
		this.protocol = protocol;
		this.jsonMapper = jsonMapper;
		this.dispatcher = dispatcher;
	}

	/**
	 * The token was checked before this runs ({@link LocalAuthenticationInterceptor}).
	 */
	@RequestMapping(path = { "/health", "/v1/health" }, method = { RequestMethod.HEAD, RequestMethod.GET })
	ResponseEntity<Void> health() {
		return ResponseEntity.ok().build();
	}

	@PostMapping({ "/hubs/{hub}/:send", "/v1/hubs/{hub}" })
	ResponseEntity<String> sendToAll(@PathVariable String hub, @RequestBody(required = false) @Nullable String body,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.sendToAll(authorize(request, hub), message(body), connectionIds(excluded));
		return accepted();
	}

	@PostMapping({ "/hubs/{hub}/users/{user}/:send", "/v1/hubs/{hub}/users/{user}" })
	ResponseEntity<String> sendToUser(@PathVariable String hub, @PathVariable String user,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		this.hubs.sendToUser(authorize(request, hub), Names.user(user), message(body));
		return accepted();
	}

	@PostMapping({ "/hubs/{hub}/groups/{group}/:send", "/v1/hubs/{hub}/groups/{group}" })
	ResponseEntity<String> sendToGroup(@PathVariable String hub, @PathVariable String group,
			@RequestBody(required = false) @Nullable String body,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.sendToGroup(authorize(request, hub), Names.group(group), message(body), connectionIds(excluded));
		return accepted();
	}

	@PostMapping({ "/hubs/{hub}/connections/{connectionId}/:send", "/v1/hubs/{hub}/connections/{connectionId}" })
	ResponseEntity<String> sendToConnection(@PathVariable String hub, @PathVariable String connectionId,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		this.hubs.sendToConnection(authorize(request, hub), Names.connectionId(connectionId), message(body));
		return accepted();
	}

	@PostMapping("/hubs/{hub}/:closeConnections")
	ResponseEntity<Void> closeAll(@PathVariable String hub, @RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		List<String> skip = connectionIds(excluded);
		close(this.hubs.stream(authorize(request, hub), (state) -> state.connections().stream())
			.filter((c) -> !skip.contains(c.id()))
			.toList(), reason);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/hubs/{hub}/groups/{group}/:closeConnections")
	ResponseEntity<Void> closeGroup(@PathVariable String hub, @PathVariable String group,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		List<String> skip = connectionIds(excluded);
		String name = Names.group(group);
		close(this.hubs.stream(authorize(request, hub), (state) -> state.group(name, this.hubs.now()))
			.filter((c) -> !skip.contains(c.id()))
			.toList(), reason);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/hubs/{hub}/users/{user}/:closeConnections")
	ResponseEntity<Void> closeUser(@PathVariable String hub, @PathVariable String user,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		List<String> skip = connectionIds(excluded);
		String name = Names.user(user);
		close(this.hubs.stream(authorize(request, hub), (state) -> state.user(name))
			.filter((c) -> !skip.contains(c.id()))
			.toList(), reason);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping({ "/hubs/{hub}/connections/{connectionId}", "/v1/hubs/{hub}/connections/{connectionId}" })
	ResponseEntity<String> closeConnection(@PathVariable String hub, @PathVariable String connectionId,
			@RequestParam(required = false) @Nullable String reason, HttpServletRequest request) {
		LocalConnection connection = this.hubs.connection(authorize(request, hub), Names.connectionId(connectionId));
		if (connection != null) {
			close(List.of(connection), reason);
		}
		return ok();
	}

	@RequestMapping(path = { "/hubs/{hub}/connections/{connectionId}", "/v1/hubs/{hub}/connections/{connectionId}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	ResponseEntity<Void> connectionExists(@PathVariable String hub, @PathVariable String connectionId,
			HttpServletRequest request) {
		return exists(this.hubs.connection(authorize(request, hub), Names.connectionId(connectionId)) != null,
				"Warning.Connection.NotExisted");
	}

	@RequestMapping(path = { "/hubs/{hub}/users/{user}", "/v1/hubs/{hub}/users/{user}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	ResponseEntity<Void> userExists(@PathVariable String hub, @PathVariable String user, HttpServletRequest request) {
		String name = Names.user(user);
		return exists(this.hubs.stream(authorize(request, hub), (state) -> state.user(name)).findAny().isPresent(),
				"Warning.User.NotExisted");
	}

	@RequestMapping(path = { "/hubs/{hub}/groups/{group}", "/v1/hubs/{hub}/groups/{group}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	ResponseEntity<Void> groupExists(@PathVariable String hub, @PathVariable String group, HttpServletRequest request) {
		String name = Names.group(group);
		return exists(this.hubs.stream(authorize(request, hub), (state) -> state.group(name, this.hubs.now()))
			.findAny()
			.isPresent(), "Warning.Group.NotExisted");
	}

	@PutMapping("/hubs/{hub}/groups/{group}/connections/{connectionId}")
	ResponseEntity<String> addConnectionToGroup(@PathVariable String hub, @PathVariable String group,
			@PathVariable String connectionId, HttpServletRequest request) {
		boolean added = this.hubs.hub(authorize(request, hub))
			.addToGroup(Names.group(group), Names.connectionId(connectionId));
		return changed(added, "Error.Connection.NotExisted");
	}

	@DeleteMapping("/hubs/{hub}/groups/{group}/connections/{connectionId}")
	ResponseEntity<String> removeConnectionFromGroup(@PathVariable String hub, @PathVariable String group,
			@PathVariable String connectionId, HttpServletRequest request) {
		String known = authorize(request, hub);
		String id = Names.connectionId(connectionId);
		this.hubs.hub(known).removeFromGroup(Names.group(group), id);
		return changed(this.hubs.connection(known, id) != null, "Warning.Connection.NotExisted");
	}

	@DeleteMapping("/hubs/{hub}/connections/{connectionId}/groups")
	ResponseEntity<String> removeConnectionFromAllGroups(@PathVariable String hub, @PathVariable String connectionId,
			HttpServletRequest request) {
		this.hubs.hub(authorize(request, hub)).removeFromAllGroups(Names.connectionId(connectionId));
		return ok();
	}

	@PutMapping({ "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" })
	ResponseEntity<String> addUserToGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, @RequestParam(required = false) @Nullable Long ttl,
			HttpServletRequest request) {
		if (ttl != null && ttl < 0) {
			throw new dev.beacon.protocol.InvalidNameException("ttl", "must not be negative");
		}
		Duration lifetime = (ttl != null) ? Duration.ofSeconds(ttl) : LocalHubs.DEFAULT_USER_GROUP_TTL;
		this.hubs.hub(authorize(request, hub))
			.addUserToGroup(Names.user(user), Names.group(group), this.hubs.now().plus(lifetime));
		return ok();
	}

	@DeleteMapping({ "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" })
	ResponseEntity<Void> removeUserFromGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, HttpServletRequest request) {
		this.hubs.hub(authorize(request, hub)).removeUserFromGroup(Names.user(user), Names.group(group));
		return ResponseEntity.noContent().build();
	}

	@RequestMapping(path = { "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	ResponseEntity<Void> userInGroup(@PathVariable String hub, @PathVariable String user, @PathVariable String group,
			HttpServletRequest request) {
		return exists(this.hubs.hub(authorize(request, hub))
			.userInGroup(Names.user(user), Names.group(group), this.hubs.now()), "Info.User.NotInGroup");
	}

	@DeleteMapping({ "/hubs/{hub}/users/{user}/groups", "/v1/hubs/{hub}/users/{user}/groups" })
	ResponseEntity<Void> removeUserFromAllGroups(@PathVariable String hub, @PathVariable String user,
			HttpServletRequest request) {
		this.hubs.hub(authorize(request, hub)).removeUserFromAllGroups(Names.user(user));
		return ResponseEntity.noContent().build();
	}

	private void close(List<LocalConnection> connections, @Nullable String reason) {
		String message = this.protocol.close((reason != null) ? reason : "Closed by the server", true);
		for (LocalConnection connection : connections) {
			connection.close(message);
			this.dispatcher.disconnected(connection, null);
		}
	}

	/**
	 * The hub as the service names it: {app}_{hub}, lower case. The token was checked
	 * before the handler ran ({@link LocalAuthenticationInterceptor}).
	 */
	private static String authorize(HttpServletRequest request, String hub) {
		String name = Names.hub(hub);
		String application = request.getParameter("application");
		return (application != null) ? Names.application(application) + "_" + name : name;
	}

	/** Serialises the invocation once; every recipient gets the same text. */
	private String message(@Nullable String body) {
		JsonNode node;
		try {
			node = (body != null) ? this.jsonMapper.readTree(body) : null;
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException("The body is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new InvalidMessageException("The body must be a JSON object with target and arguments");
		}
		JsonNode target = field(node, "target");
		if (target == null || !target.isString() || target.asString().isBlank()) {
			throw new InvalidMessageException("target is required");
		}
		JsonNode arguments = field(node, "arguments");
		if (arguments != null && !arguments.isArray() && !arguments.isNull()) {
			throw new InvalidMessageException("arguments must be an array");
		}
		return this.protocol.invocation(target.asString(),
				(arguments != null && arguments.isArray()) ? arguments : List.of());
	}

	/**
	 * The Microsoft SDK writes Target and Arguments; the service binds
	 * case-insensitively.
	 */
	private static @Nullable JsonNode field(JsonNode node, String name) {
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (entry.getKey().equalsIgnoreCase(name)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static List<String> connectionIds(@Nullable List<String> ids) {
		return (ids != null) ? ids.stream().map(Names::connectionId).toList() : List.of();
	}

	/**
	 * The 2022-06-01 Swagger gives sends and membership changes a ServiceResponse body.
	 */
	static final String SUCCESS = "{\"code\":\"Success\",\"level\":\"Info\",\"isSuccess\":true}";

	private static ResponseEntity<String> accepted() {
		return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(SUCCESS);
	}

	private static ResponseEntity<String> ok() {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(SUCCESS);
	}

	private static ResponseEntity<Void> exists(boolean exists, String errorCode) {
		return exists ? ResponseEntity.ok().build()
				: ResponseEntity.status(HttpStatus.NOT_FOUND).header("x-ms-error-code", errorCode).build();
	}

	private static ResponseEntity<String> changed(boolean found, String errorCode) {
		return found ? ok() : ResponseEntity.status(HttpStatus.NOT_FOUND).header("x-ms-error-code", errorCode).build();
	}

}
