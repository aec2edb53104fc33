package dev.beacon.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bodies of the upstream's connection events: {@code {"type":10}} for connected,
 * {@code {"type":11,"error":"..."}} for disconnected. The service's documentation writes
 * {@code type}/{@code error}, its emulator {@code Type}/{@code Error}: both are read.
 */
public final class UpstreamEvents {

	public static final String CONNECTED_BODY = "{\"type\":10}";

	private static final int DISCONNECTED = 11;

	private UpstreamEvents() {
	}

	public static String disconnectedBody(JsonMapper jsonMapper, @Nullable String error) {
		return (error != null) ? jsonMapper.writeValueAsString(Map.of("type", DISCONNECTED, "error", error))
				: "{\"type\":" + DISCONNECTED + "}";
	}

	/**
	 * Why a connection ended, from a disconnected event's body.
	 * @param jsonMapper the mapper
	 * @param body the body, possibly empty
	 * @return the error, or null if there was none or the body is not JSON
	 */
	public static @Nullable String disconnectError(JsonMapper jsonMapper, String body) {
		if (body.isBlank()) {
			return null;
		}
		try {
			JsonNode json = jsonMapper.readTree(body);
			for (Map.Entry<String, JsonNode> field : json.properties()) {
				if (field.getKey().equalsIgnoreCase("error") && field.getValue().isString()) {
					return field.getValue().asString();
				}
			}
			return null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
