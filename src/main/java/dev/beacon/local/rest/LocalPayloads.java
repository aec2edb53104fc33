package dev.beacon.local.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.system.PropertyNames;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON bodies of the local service's REST API: the Swagger's
 * {@code PayloadMessage} ({@code target}, {@code arguments}) of sends and client results,
 * alone or inside a command. The Microsoft SDK writes Target and Arguments and the
 * service binds names case-insensitively; a property the Swagger does not have, or one
 * given in two spellings, is refused rather than dropped or picked.
 */
final class LocalPayloads {

	/** The Swagger's PayloadMessage, lower-cased. */
	private static final List<String> PAYLOAD_PROPERTIES = List.of("target", "arguments");

	private final JsonMapper jsonMapper;

	private final ObjectReader reader;

	LocalPayloads(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		this.reader = jsonMapper.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
	}

	/**
	 * A whole body as JSON.
	 * @param body the body
	 * @return its JSON
	 * @throws InvalidMessageException when it is absent, not JSON or repeats a property
	 */
	JsonNode json(@Nullable String body) {
		if (body == null || body.isBlank()) {
			throw new InvalidMessageException("A JSON body is required");
		}
		try {
			return this.reader.readTree(body);
		}
		catch (MismatchedInputException ex) {
			// Well-formed JSON that the reader refuses: a property given twice
			throw new InvalidMessageException("A property is given twice; give it once");
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException("The body is not valid JSON");
		}
	}

	/** The invocation a send body describes, serialised at most once per protocol. */
	OutgoingMessage message(@Nullable String body) {
		return message(json(body));
	}

	/**
	 * The invocation a PayloadMessage describes.
	 * @param node the PayloadMessage
	 * @return the invocation
	 * @throws InvalidMessageException naming what is wrong
	 */
	OutgoingMessage message(JsonNode node) {
		if (!node.isObject()) {
			throw new InvalidMessageException("The message must be a JSON object with target and arguments");
		}
		Map<String, JsonNode> fields = fields(node, PAYLOAD_PROPERTIES);
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
	 * An object's properties under their lower-cased names.
	 * @param node the object
	 * @param known the properties it may have, lower-cased
	 * @return the properties
	 * @throws InvalidMessageException for an unknown property or one given twice
	 */
	static Map<String, JsonNode> fields(JsonNode node, List<String> known) {
		Map<String, JsonNode> fields = new HashMap<>();
		Map<String, String> spellings = new HashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String name = entry.getKey().toLowerCase(Locale.ROOT);
			if (!known.contains(name)) {
				throw new InvalidMessageException(PropertyNames.unknown(entry.getKey(), known));
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
