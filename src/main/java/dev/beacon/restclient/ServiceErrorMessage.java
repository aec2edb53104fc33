package dev.beacon.restclient;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	static String read(@Nullable MediaType contentType, InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(MAX_BODY);
		boolean jsonType = contentType == null || contentType.isCompatibleWith(MediaType.APPLICATION_JSON)
				|| contentType.getSubtype().endsWith("+json");
		if (!jsonType || bytes.length == 0) {
			return "";
		}
		try {
			JsonNode json = JsonMapper.shared().readTree(bytes);
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

	private static String clean(String message) {
		String line = message.replaceAll("[\\p{Cntrl}<>]", " ").replaceAll("\\s+", " ").strip();
		return (line.length() > MAX_MESSAGE) ? line.substring(0, MAX_MESSAGE) + "..." : line;
	}

}
