package dev.beacon.local.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.HubState;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.protocol.Names;
import dev.beacon.protocol.ODataFilter;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/hubs/{hub}/:execute}: commands applied to the connections an OData
 * filter selects (every connection without one), as one transaction: the connections are
 * selected once, then each command applies to all of them in order. A message is encoded
 * once per protocol for all its recipients. A filter that matches nobody is still 202.
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX + "}/api")
class LocalCommandsController {

	/** Commands of one request at most. */
	static final int MAX_COMMANDS = 100;

	private static final List<String> COMMAND_PROPERTIES = List.of("type", "message", "group", "reason");

	private final LocalHubs hubs;

	private final LocalPayloads payloads;

	private final ConnectionDispatcher dispatcher;

	LocalCommandsController(LocalHubs hubs, LocalPayloads payloads, ConnectionDispatcher dispatcher) {
		this.hubs = hubs;
		this.payloads = payloads;
		this.dispatcher = dispatcher;
	}

	@PostMapping("/hubs/{hub}/:execute")
	public ResponseEntity<Void> execute(@PathVariable String hub, @RequestBody(required = false) @Nullable String body,
			HttpServletRequest request) {
		String text = LocalRest.query(request, "filter");
		ODataFilter filter = (text != null && !text.isBlank()) ? ODataFilter.parse(text) : null;
		List<Command> commands = commands(this.payloads.json(body));
		HubState state = this.hubs.existing(LocalRest.hub(request, hub));
		if (state != null) {
			List<LocalConnection> selected = select(state, filter);
			commands.forEach((command) -> command.apply(state, selected));
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).build();
	}

	private List<LocalConnection> select(HubState state, @Nullable ODataFilter filter) {
		if (filter == null) {
			return List.copyOf(state.connections());
		}
		Map<String, Set<String>> groups = state.groupsByConnection(this.hubs.now());
		List<LocalConnection> selected = new ArrayList<>();
		for (LocalConnection connection : state.connections()) {
			if (filter.matches(connection.id(), connection.userId(), groups.getOrDefault(connection.id(), Set.of()))) {
				selected.add(connection);
			}
		}
		return selected;
	}

	private List<Command> commands(JsonNode body) {
		if (!body.isArray() || body.isEmpty() || body.size() > MAX_COMMANDS) {
			throw new InvalidMessageException("The body must be an array of 1 to " + MAX_COMMANDS + " commands");
		}
		List<Command> commands = new ArrayList<>();
		for (JsonNode node : body) {
			if (!node.isObject()) {
				throw new InvalidMessageException("Each command must be a JSON object with a type");
			}
			commands.add(command(LocalPayloads.fields(node, COMMAND_PROPERTIES)));
		}
		return commands;
	}

	private Command command(Map<String, JsonNode> fields) {
		JsonNode type = fields.get("type");
		String label = (type != null && type.isString()) ? type.asString() : "";
		String name = label.toLowerCase(Locale.ROOT);
		Command command = switch (name) {
			case "sendmessage" -> send(this.payloads.message(required(fields, "message", label)));
			case "joingroup" -> join(Names.group(text(required(fields, "group", label), "group")));
			case "leavegroup" -> leave(Names.group(text(required(fields, "group", label), "group")));
			case "closeconnection" -> close(fields.containsKey("reason") ? text(fields.get("reason"), "reason") : null);
			default ->
				throw new InvalidMessageException("type must be SendMessage, JoinGroup, LeaveGroup or CloseConnection");
		};
		List<String> allowed = switch (name) {
			case "sendmessage" -> List.of("type", "message");
			case "joingroup", "leavegroup" -> List.of("type", "group");
			default -> List.of("type", "reason");
		};
		for (String field : fields.keySet()) {
			if (!allowed.contains(field)) {
				throw new InvalidMessageException("A " + label + " command has no " + field);
			}
		}
		return command;
	}

	private Command send(OutgoingMessage message) {
		return (state, connections) -> connections.forEach((connection) -> connection.send(message));
	}

	private Command join(String group) {
		return (state, connections) -> connections.forEach((connection) -> state.addToGroup(group, connection.id()));
	}

	private Command leave(String group) {
		return (state, connections) -> connections
			.forEach((connection) -> state.removeFromGroup(group, connection.id()));
	}

	private Command close(@Nullable String reason) {
		String why = (reason != null) ? reason : "Closed by the server";
		return (state, connections) -> connections
			.forEach((connection) -> this.dispatcher.closeOnRequest(connection, why));
	}

	private static JsonNode required(Map<String, JsonNode> fields, String field, String type) {
		JsonNode value = fields.get(field);
		if (value == null || value.isNull()) {
			throw new InvalidMessageException("A " + type + " command needs " + field);
		}
		return value;
	}

	private static String text(JsonNode value, String field) {
		if (!value.isString()) {
			throw new InvalidMessageException(field + " must be a string");
		}
		return value.asString();
	}

	@FunctionalInterface
	private interface Command {

		void apply(HubState state, List<LocalConnection> connections);

	}

}
