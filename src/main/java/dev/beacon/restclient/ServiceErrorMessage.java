package dev.beacon.restclient;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The one part of an error answer Beacon passes on: the {@code message} of the service's
 * JSON {@code ServiceResponse}, short and on one line. Anything else (an HTML error page
 * from a proxy or server, a stack of text) is dropped, so no upstream markup or internals
 * ever reach a problem detail.
 */
final class ServiceErrorMessage {

	/** Enough of an error body for the service's message, never a whole page. */
	static final int MAX_BODY = 2048;

	static final int MAX_MESSAGE = 300;

	private ServiceErrorMessage() {
	}

	/**
	 * The service's message in an error answer, or empty.
	 * @param contentType the answer's {@code Content-Type}, if any
	 * @param body the answer's body, or its start
	 * @return the message, cleaned, or empty
	 */
	static String read(@Nullable String contentType, byte[] body) {
		if (!json(contentType) || body.length == 0) {
			return "";
		}
		try {
			JsonNode json = JsonMapper.shared().readTree(body, 0, Math.min(body.length, MAX_BODY));
			for (var field : json.properties()) {
				if (field.getKey().equalsIgnoreCase("message") && field.getValue().isString()) {
					return clean(field.getValue().asString());
				}
			}
		}
		catch (JacksonException ex) {
			// not the service's JSON: nothing to pass on
		}
		return "";
	}

	/** No type, JSON, or {@code +json}; a type that does not parse is none of them. */
	private static boolean json(@Nullable String contentType) {
		if (contentType == null) {
			return true;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json");
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static String clean(String message) {
		String line = message.replaceAll("[\\p{Cntrl}<>]", " ").replaceAll("\\s+", " ").strip();
		return (line.length() > MAX_MESSAGE) ? line.substring(0, MAX_MESSAGE) + "..." : line;
	}

}
