package dev.beacon.local.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.HubCommand;
import dev.beacon.local.hub.HubOperations;
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

	private final HubOperations hubs;

	private final LocalPayloads payloads;

	LocalCommandsController(HubOperations hubs, LocalPayloads payloads) {
		this.hubs = hubs;
		this.payloads = payloads;
	}

	@PostMapping("/hubs/{hub}/:execute")
	public ResponseEntity<Void> execute(@PathVariable String hub, @RequestBody(required = false) @Nullable String body,
			HttpServletRequest request) {
		String text = LocalRest.query(request, "filter");
		// Absent is every connection; present, even blank, must be a filter
		ODataFilter filter = (text != null) ? ODataFilter.parse(text) : null;
		List<HubCommand> commands = commands(this.payloads.json(body));
		this.hubs.execute(LocalRest.hub(request, hub), filter, commands);
		return ResponseEntity.status(HttpStatus.ACCEPTED).build();
	}

	private List<HubCommand> commands(JsonNode body) {
		if (!body.isArray() || body.isEmpty() || body.size() > MAX_COMMANDS) {
			throw new InvalidMessageException("The body must be an array of 1 to " + MAX_COMMANDS + " commands");
		}
		List<HubCommand> commands = new ArrayList<>();
		for (JsonNode node : body) {
			if (!node.isObject()) {
				throw new InvalidMessageException("Each command must be a JSON object with a type");
			}
			commands.add(command(LocalPayloads.fields(node, COMMAND_PROPERTIES)));
		}
		return commands;
	}

	private HubCommand command(Map<String, JsonNode> fields) {
		JsonNode type = fields.get("type");
		String label = (type != null && type.isString()) ? type.asString() : "";
		String name = label.toLowerCase(Locale.ROOT);
		HubCommand command = switch (name) {
			case "sendmessage" -> new HubCommand.Send(this.payloads.message(required(fields, "message", label)));
			case "joingroup" -> new HubCommand.Join(Names.group(text(required(fields, "group", label), "group")));
			case "leavegroup" -> new HubCommand.Leave(Names.group(text(required(fields, "group", label), "group")));
			case "closeconnection" ->
				new HubCommand.Close(fields.containsKey("reason") ? text(fields.get("reason"), "reason") : null);
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

}
