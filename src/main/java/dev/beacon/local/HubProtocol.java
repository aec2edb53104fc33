package dev.beacon.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON hub protocol: messages are JSON objects each ended by the record separator
 * {@code 0x1E}; a frame may hold several and a message may span frames. Type numbers and
 * names follow the official clients ({@code HubMessageType}).
 */
final class HubProtocol {

	static final char RECORD_SEPARATOR = '\u001e';

	static final String HANDSHAKE_OK = "{}" + RECORD_SEPARATOR;

	static final String PING = "{\"type\":6}" + RECORD_SEPARATOR;

	private final JsonMapper jsonMapper;

	HubProtocol(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/** Splits complete messages off the buffer, leaving any incomplete tail in it. */
	static List<String> split(StringBuilder buffer) {
		List<String> messages = new ArrayList<>();
		int end;
		while ((end = buffer.indexOf(String.valueOf(RECORD_SEPARATOR))) >= 0) {
			messages.add(buffer.substring(0, end));
			buffer.delete(0, end + 1);
		}
		return messages;
	}

	HubMessage parse(String json) {
		try {
			JsonNode node = this.jsonMapper.readTree(json);
			int type = node.path("type").asInt(-1);
			return switch (type) {
				case 1 -> new HubMessage.Invocation(text(node, "invocationId"), node.path("target").asString(""),
						node.path("arguments"), json);
				case 6 -> new HubMessage.Ping();
				case 7 -> new HubMessage.Close(text(node, "error"), node.path("allowReconnect").asBoolean(false));
				default -> new HubMessage.Other(type);
			};
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Malformed hub message");
		}
	}

	/**
	 * Reads a handshake request, returning the error to answer with, or null if it is
	 * fine.
	 */
	@Nullable String handshakeError(String json) {
		try {
			JsonNode node = this.jsonMapper.readTree(json);
			String protocol = node.path("protocol").asString("");
			if (!protocol.equals("json")) {
				return "Requested protocol '" + protocol + "' is not available.";
			}
			if (node.path("version").asInt(-1) != 1) {
				return "The server does not support version " + node.path("version").asString("") + " of the '"
						+ protocol + "' protocol.";
			}
			return null;
		}
		catch (JacksonException ex) {
			return "Handshake request is not valid JSON.";
		}
	}

	String handshakeError(String error, boolean framed) {
		return this.jsonMapper.writeValueAsString(Map.of("error", error)) + (framed ? RECORD_SEPARATOR : "");
	}

	/** An Invocation without an invocationId: what a REST {@code :send} becomes. */
	String invocation(String target, Object arguments) {
		Map<String, Object> message = new java.util.LinkedHashMap<>();
		message.put("type", 1);
		message.put("target", target);
		message.put("arguments", arguments);
		return this.jsonMapper.writeValueAsString(message) + RECORD_SEPARATOR;
	}

	String completionError(String invocationId, String error) {
		return this.jsonMapper.writeValueAsString(Map.of("type", 3, "invocationId", invocationId, "error", error))
				+ RECORD_SEPARATOR;
	}

	String completion(String invocationId) {
		return this.jsonMapper.writeValueAsString(Map.of("type", 3, "invocationId", invocationId)) + RECORD_SEPARATOR;
	}

	String close(@Nullable String error, boolean allowReconnect) {
		Map<String, Object> message = new java.util.LinkedHashMap<>();
		message.put("type", 7);
		if (error != null) {
			message.put("error", error);
		}
		message.put("allowReconnect", allowReconnect);
		return this.jsonMapper.writeValueAsString(message) + RECORD_SEPARATOR;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
