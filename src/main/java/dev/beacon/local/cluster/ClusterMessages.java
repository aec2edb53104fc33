package dev.beacon.local.cluster;

import java.util.ArrayList;
import java.util.List;

import dev.beacon.local.hub.HubCommand;
import dev.beacon.local.hub.OutgoingMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of the messages replicas send each other: every one names its {@code op} and
 * {@code hub}; a message to clients carries its {@code target} and {@code arguments}
 * once, each replica encoding it once per protocol for its own clients.
 */
final class ClusterMessages {

	private final JsonMapper jsonMapper;

	ClusterMessages(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	ObjectNode of(String op, String hub) {
		return this.jsonMapper.createObjectNode().put("op", op).put("hub", hub);
	}

	ObjectNode send(String hub, String kind, @Nullable String to, OutgoingMessage message, List<String> excluded) {
		ObjectNode node = of("send", hub).put("kind", kind).put("to", to).put("target", message.target());
		node.set("arguments", message.arguments());
		node.set("excluded", strings(excluded));
		return node;
	}

	ObjectNode close(String hub, String kind, @Nullable String to, List<String> excluded, String reason) {
		ObjectNode node = of("close", hub).put("kind", kind).put("to", to).put("reason", reason);
		node.set("excluded", strings(excluded));
		return node;
	}

	ObjectNode commands(String hub, @Nullable String filter, List<HubCommand> commands) {
		ObjectNode node = of("execute", hub).put("filter", filter);
		ArrayNode list = node.putArray("commands");
		for (HubCommand command : commands) {
			ObjectNode item = list.addObject();
			switch (command) {
				case HubCommand.Send send -> {
					item.put("type", "send").put("target", send.message().target());
					item.set("arguments", send.message().arguments());
				}
				case HubCommand.Join join -> item.put("type", "join").put("group", join.group());
				case HubCommand.Leave leave -> item.put("type", "leave").put("group", leave.group());
				case HubCommand.Close close -> item.put("type", "close").put("reason", close.reason());
			}
		}
		return node;
	}

	static List<HubCommand> commands(JsonNode node) {
		List<HubCommand> commands = new ArrayList<>();
		for (JsonNode item : node.path("commands")) {
			commands.add(switch (item.path("type").asString()) {
				case "send" -> new HubCommand.Send(message(item));
				case "join" -> new HubCommand.Join(item.path("group").asString());
				case "leave" -> new HubCommand.Leave(item.path("group").asString());
				default -> new HubCommand.Close(text(item, "reason"));
			});
		}
		return commands;
	}

	static OutgoingMessage message(JsonNode node) {
		return new OutgoingMessage(node.path("target").asString(), node.path("arguments"));
	}

	static List<String> excluded(JsonNode node) {
		List<String> excluded = new ArrayList<>();
		node.path("excluded").forEach((id) -> excluded.add(id.asString()));
		return excluded;
	}

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private ArrayNode strings(List<String> values) {
		ArrayNode array = this.jsonMapper.createArrayNode();
		values.forEach(array::add);
		return array;
	}

}
