package dev.beacon.local.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalAuthenticationInterceptor;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.protocol.Names;
import dev.beacon.system.PropertyNames;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sends and closes of the local service's data-plane REST API: the 2022-06-01 paths
 * and, for sends, the legacy {@code /api/v1} ones. A message is serialised once per
 * protocol and the same bytes go to every recipient speaking it. Every call was
 * token-checked before its body was read ({@link LocalAuthenticationInterceptor}).
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX + "}/api")
class LocalMessagesController {

	private final LocalHubs hubs;

	/** The Swagger's PayloadMessage, lower-cased. */
	private static final List<String> PAYLOAD_PROPERTIES = List.of("target", "arguments");

	private final JsonMapper jsonMapper;

	private final ObjectReader payloadReader;

	private final ConnectionDispatcher dispatcher;

	LocalMessagesController(LocalHubs hubs, JsonMapper jsonMapper, ConnectionDispatcher dispatcher) {
		this.hubs = hubs;
		this.jsonMapper = jsonMapper;
		this.payloadReader = jsonMapper.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
		this.dispatcher = dispatcher;
	}

	/**
	 * The token was checked before this runs ({@link LocalAuthenticationInterceptor}).
	 */
	@RequestMapping(path = { "/health", "/v1/health" }, method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> health() {
		return ResponseEntity.ok().build();
	}

	@PostMapping({ "/hubs/{hub}/:send", "/v1/hubs/{hub}" })
	public ResponseEntity<String> sendToAll(@PathVariable String hub,
			@RequestBody(required = false) @Nullable String body,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.sendToAll(LocalRest.hub(request, hub), message(body), LocalRest.connectionIds(excluded));
		return LocalRest.accepted();
	}

	@PostMapping({ "/hubs/{hub}/users/{user}/:send", "/v1/hubs/{hub}/users/{user}" })
	public ResponseEntity<String> sendToUser(@PathVariable String hub, @PathVariable String user,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		this.hubs.sendToUser(LocalRest.hub(request, hub), Names.user(user), message(body));
		return LocalRest.accepted();
	}

	@PostMapping({ "/hubs/{hub}/groups/{group}/:send", "/v1/hubs/{hub}/groups/{group}" })
	public ResponseEntity<String> sendToGroup(@PathVariable String hub, @PathVariable String group,
			@RequestBody(required = false) @Nullable String body,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.sendToGroup(LocalRest.hub(request, hub), Names.group(group), message(body),
				LocalRest.connectionIds(excluded));
		return LocalRest.accepted();
	}

	@PostMapping({ "/hubs/{hub}/connections/{connectionId}/:send", "/v1/hubs/{hub}/connections/{connectionId}" })
	public ResponseEntity<String> sendToConnection(@PathVariable String hub, @PathVariable String connectionId,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		this.hubs.sendToConnection(LocalRest.hub(request, hub), Names.connectionId(connectionId), message(body));
		return LocalRest.accepted();
	}

	@PostMapping("/hubs/{hub}/:closeConnections")
	public ResponseEntity<Void> closeAll(@PathVariable String hub,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		List<String> skip = LocalRest.connectionIds(excluded);
		close(this.hubs.stream(LocalRest.hub(request, hub), (state) -> state.connections().stream())
			.filter((c) -> !skip.contains(c.id()))
			.toList(), reason);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/hubs/{hub}/groups/{group}/:closeConnections")
	public ResponseEntity<Void> closeGroup(@PathVariable String hub, @PathVariable String group,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		List<String> skip = LocalRest.connectionIds(excluded);
		String name = Names.group(group);
		close(this.hubs.stream(LocalRest.hub(request, hub), (state) -> state.group(name, this.hubs.now()))
			.filter((c) -> !skip.contains(c.id()))
			.toList(), reason);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/hubs/{hub}/users/{user}/:closeConnections")
	public ResponseEntity<Void> closeUser(@PathVariable String hub, @PathVariable String user,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		List<String> skip = LocalRest.connectionIds(excluded);
		String name = Names.user(user);
		close(this.hubs.stream(LocalRest.hub(request, hub), (state) -> state.user(name))
			.filter((c) -> !skip.contains(c.id()))
			.toList(), reason);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping({ "/hubs/{hub}/connections/{connectionId}", "/v1/hubs/{hub}/connections/{connectionId}" })
	public ResponseEntity<String> closeConnection(@PathVariable String hub, @PathVariable String connectionId,
			@RequestParam(required = false) @Nullable String reason, HttpServletRequest request) {
		LocalConnection connection = this.hubs.connection(LocalRest.hub(request, hub),
				Names.connectionId(connectionId));
		if (connection != null) {
			close(List.of(connection), reason);
		}
		return LocalRest.ok();
	}

	private void close(List<LocalConnection> connections, @Nullable String reason) {
		String message = (reason != null) ? reason : "Closed by the server";
		for (LocalConnection connection : connections) {
			this.dispatcher.closeOnRequest(connection, message);
		}
	}

	/** The invocation, serialised at most once per protocol among its recipients. */
	private OutgoingMessage message(@Nullable String body) {
		JsonNode node;
		try {
			node = (body != null) ? this.payloadReader.readTree(body) : null;
		}
		catch (MismatchedInputException ex) {
			// Well-formed JSON that the reader refuses: a property given twice
			throw new InvalidMessageException("A property is given twice; give it once");
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException("The body is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new InvalidMessageException("The body must be a JSON object with target and arguments");
		}
		Map<String, JsonNode> fields = fields(node);
		JsonNode target = fields.get("target");
		if (target == null || !target.isString() || target.asString().isBlank()) {
			throw new InvalidMessageException("target is required");
		}
		JsonNode arguments = fields.get("arguments");
		if (arguments != null && !arguments.isArray() && !arguments.isNull()) {
			throw new InvalidMessageException("arguments must be an array");
		}
		return new OutgoingMessage(target.asString(),
				(arguments != null && arguments.isArray()) ? arguments : this.jsonMapper.createArrayNode());
	}

	/**
	 * The message's properties under their Swagger names. The Microsoft SDK writes Target
	 * and Arguments and the service binds case-insensitively; a property the Swagger's
	 * PayloadMessage does not have, or one given in two spellings, is refused rather than
	 * dropped or picked.
	 */
	private static Map<String, JsonNode> fields(JsonNode node) {
		Map<String, JsonNode> fields = new HashMap<>();
		Map<String, String> spellings = new HashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String name = entry.getKey().toLowerCase(Locale.ROOT);
			if (!PAYLOAD_PROPERTIES.contains(name)) {
				throw new InvalidMessageException(PropertyNames.unknown(entry.getKey(), PAYLOAD_PROPERTIES));
			}
			String earlier = spellings.putIfAbsent(name, entry.getKey());
			if (earlier != null) {
				throw new InvalidMessageException(PropertyNames.duplicate(earlier, entry.getKey()));
			}
			fields.put(name, entry.getValue());
		}
		return fields;
	}

}
