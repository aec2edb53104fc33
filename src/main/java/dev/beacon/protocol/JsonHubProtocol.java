package dev.beacon.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON hub protocol (ASP.NET Core's {@code HubProtocol.md}): messages are JSON
 * objects each ended by the record separator {@code 0x1E}; a frame may hold several and a
 * message may span frames. Type numbers and names follow the official clients. Both the
 * local service (to its clients) and the upstream receiver (Completions the service
 * writes to clients verbatim) speak it through this class.
 */
public final class JsonHubProtocol {

	public static final char RECORD_SEPARATOR = '\u001e';

	public static final String HANDSHAKE_OK = "{}" + RECORD_SEPARATOR;

	public static final String PING = "{\"type\":6}" + RECORD_SEPARATOR;

	/** The service's message size limit, for client messages and REST bodies alike. */
	public static final int MAX_MESSAGE_SIZE = 1024 * 1024;

	private static final int INVOCATION = 1;

	private static final int COMPLETION = 3;

	private static final int CLOSE = 7;

	private final JsonMapper jsonMapper;

	public JsonHubProtocol(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Splits complete messages off the buffer, leaving any incomplete tail in it.
	 * @param buffer text received so far
	 * @return the complete messages, without their separators
	 */
	public static List<String> split(StringBuilder buffer) {
		List<String> messages = new ArrayList<>();
		int end;
		while ((end = buffer.indexOf(String.valueOf(RECORD_SEPARATOR))) >= 0) {
			messages.add(buffer.substring(0, end));
			buffer.delete(0, end + 1);
		}
		return messages;
	}

	/**
	 * Removes trailing record separators and surrounding whitespace, as a message arrives
	 * at the upstream ({@code strip()} takes both: U+001E is whitespace to Java).
	 * @param text one message, framed or not
	 * @return the JSON text
	 */
	public static String unframe(String text) {
		return text.strip();
	}

	/**
	 * Reads one message.
	 * @param json the message without its separator
	 * @return the message
	 * @throws IllegalArgumentException if it is not a JSON object
	 */
	public HubMessage parse(String json) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Malformed hub message");
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("A hub message must be a JSON object");
		}
		return switch (node.path("type").asInt(-1)) {
			case INVOCATION -> new HubMessage.Invocation(text(node, "invocationId"), node.path("target").asString(""),
					node.path("arguments"), json);
			case 6 -> new HubMessage.Ping();
			case CLOSE -> new HubMessage.Close(text(node, "error"), node.path("allowReconnect").asBoolean(false));
			default -> new HubMessage.Other(node.path("type").asInt(-1));
		};
	}

	/**
	 * Reads a handshake request.
	 * @param json the request without its separator
	 * @return the error to answer with, or null if it is fine
	 */
	public @Nullable String handshakeError(String json) {
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

	/** A handshake response carrying an error, framed. */
	public String handshakeResponse(String error) {
		return framed(Map.of("error", error));
	}

	/** An Invocation without an invocationId: what a REST {@code :send} becomes. */
	public String invocation(String target, Object arguments) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", INVOCATION);
		message.put("target", target);
		message.put("arguments", arguments);
		return framed(message);
	}

	/** A Completion with a result, {@code null} included. */
	public String completion(String invocationId, @Nullable Object result) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", COMPLETION);
		message.put("invocationId", invocationId);
		message.put("result", result);
		return framed(message);
	}

	/** A Completion without a result, as a void hub method's. */
	public String completion(String invocationId) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", COMPLETION);
		message.put("invocationId", invocationId);
		return framed(message);
	}

	public String completionError(String invocationId, String error) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", COMPLETION);
		message.put("invocationId", invocationId);
		message.put("error", error);
		return framed(message);
	}

	public String close(@Nullable String error, boolean allowReconnect) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", CLOSE);
		if (error != null) {
			message.put("error", error);
		}
		message.put("allowReconnect", allowReconnect);
		return framed(message);
	}

	private String framed(Map<String, ?> message) {
		return this.jsonMapper.writeValueAsString(message) + RECORD_SEPARATOR;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
