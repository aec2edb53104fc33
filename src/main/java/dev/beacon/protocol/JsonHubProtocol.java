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
 * writes to clients verbatim) speak it through this class. The handshake, JSON for every
 * protocol, is read by {@link HubProtocols}.
 */
public final class JsonHubProtocol implements HubProtocol {

	public static final char RECORD_SEPARATOR = '\u001e';

	private static final String SEPARATOR = String.valueOf(RECORD_SEPARATOR);

	public static final String HANDSHAKE_OK = "{}" + RECORD_SEPARATOR;

	public static final String PING = "{\"type\":6}" + RECORD_SEPARATOR;

	private static final HubPayload HANDSHAKE_OK_PAYLOAD = new HubPayload.Text(HANDSHAKE_OK);

	private static final HubPayload PING_PAYLOAD = new HubPayload.Text(PING);

	/** The service's message size limit, for client messages and REST bodies alike. */
	public static final int MAX_MESSAGE_SIZE = 1024 * 1024;

	private static final int INVOCATION = 1;

	private static final int COMPLETION = 3;

	private static final int STREAM_ITEM = 2;

	private static final int STREAM_INVOCATION = 4;

	private static final int CANCEL_INVOCATION = 5;

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
		return split(buffer, 0);
	}

	/**
	 * Splits complete messages off the buffer, leaving any incomplete tail in it. One
	 * pass, and the messages leave the buffer at once: removing each from the front would
	 * move the rest every time, quadratic in a body of many short messages.
	 * @param buffer text received so far
	 * @param from where to start looking for separators: the text before it was searched
	 * already (the tail a previous split left, which holds none)
	 * @return the complete messages, without their separators
	 */
	public static List<String> split(StringBuilder buffer, int from) {
		List<String> messages = new ArrayList<>();
		int start = 0;
		int end;
		while ((end = buffer.indexOf(SEPARATOR, Math.max(start, from))) >= 0) {
			messages.add(buffer.substring(start, end));
			start = end + 1;
		}
		buffer.delete(0, start);
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
					node.path("arguments"), new HubPayload.Text(json));
			case COMPLETION ->
				new HubMessage.Completion(required(node, "invocationId"), node.path("result"), text(node, "error"));
			case STREAM_INVOCATION -> new HubMessage.StreamInvocation(required(node, "invocationId"),
					node.path("target").asString(""), node.path("arguments"), new HubPayload.Text(json));
			case CANCEL_INVOCATION -> new HubMessage.CancelInvocation(required(node, "invocationId"));
			case 6 -> new HubMessage.Ping();
			case CLOSE -> new HubMessage.Close(text(node, "error"), node.path("allowReconnect").asBoolean(false));
			default -> new HubMessage.Other(node.path("type").asInt(-1));
		};
	}

	@Override
	public String name() {
		return "json";
	}

	@Override
	public boolean binary() {
		return false;
	}

	@Override
	public HubPayload handshakeOk() {
		return HANDSHAKE_OK_PAYLOAD;
	}

	@Override
	public HubPayload ping() {
		return PING_PAYLOAD;
	}

	@Override
	public HubPayload invocation(String target, JsonNode arguments) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", INVOCATION);
		message.put("target", target);
		message.put("arguments", arguments);
		return framed(message);
	}

	@Override
	public HubPayload invocation(String invocationId, String target, JsonNode arguments) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", INVOCATION);
		message.put("invocationId", invocationId);
		message.put("target", target);
		message.put("arguments", arguments);
		return framed(message);
	}

	@Override
	public HubPayload streamItem(String invocationId, JsonNode item) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", STREAM_ITEM);
		message.put("invocationId", invocationId);
		message.put("item", item);
		return framed(message);
	}

	@Override
	public HubPayload completion(String invocationId, @Nullable Object result) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", COMPLETION);
		message.put("invocationId", invocationId);
		message.put("result", result);
		return framed(message);
	}

	@Override
	public HubPayload completion(String invocationId) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", COMPLETION);
		message.put("invocationId", invocationId);
		return framed(message);
	}

	@Override
	public HubPayload completionError(String invocationId, String error) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", COMPLETION);
		message.put("invocationId", invocationId);
		message.put("error", error);
		return framed(message);
	}

	@Override
	public HubPayload close(@Nullable String error, boolean allowReconnect) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", CLOSE);
		if (error != null) {
			message.put("error", error);
		}
		message.put("allowReconnect", allowReconnect);
		return framed(message);
	}

	/** A handshake response carrying an error, framed; the handshake is always JSON. */
	HubPayload.Text handshakeResponse(String error) {
		return framed(Map.of("error", error));
	}

	private HubPayload.Text framed(Map<String, ?> message) {
		return new HubPayload.Text(this.jsonMapper.writeValueAsString(message) + RECORD_SEPARATOR);
	}

	private static String required(JsonNode node, String field) {
		String value = text(node, field);
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("A message of type " + node.path("type").asInt() + " needs " + field);
		}
		return value;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
