package dev.beacon.upstream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.Hubs;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives what SignalR Service posts upstream in serverless mode, at the path Azure
 * Functions uses, so existing upstream URL templates keep working. Nothing is dispatched
 * before the signature is verified. A blocking invocation gets a framed Completion, which
 * the service writes to the client verbatim.
 */
@RestController
class UpstreamController {

	static final char RECORD_SEPARATOR = '\u001e';

	private final HubMethodRegistry methods;

	private final Hubs hubs;

	private final JsonMapper jsonMapper;

	private final ApplicationEventPublisher events;

	private final UpstreamMetrics metrics;

	UpstreamController(HubMethodRegistry methods, Hubs hubs, JsonMapper jsonMapper, ApplicationEventPublisher events,
			UpstreamMetrics metrics) {
		this.methods = methods;
		this.hubs = hubs;
		this.jsonMapper = jsonMapper;
		this.events = events;
		this.metrics = metrics;
	}

	/**
	 * The signature was checked from the headers before this runs
	 * ({@link UpstreamSignatureInterceptor}); only then is the body read.
	 */
	@PostMapping("${beacon.upstream.path:/runtime/webhooks/signalr}")
	ResponseEntity<String> receive(HttpServletRequest request, @RequestBody(required = false) byte @Nullable [] body) {
		String connectionId = required(request, UpstreamSignatureInterceptor.CONNECTION_ID);
		String hub = this.hubs.require(required(request, "X-ASRS-Hub"));
		String category = required(request, "X-ASRS-Category");
		String event = required(request, "X-ASRS-Event");
		requireJson(request);
		String text = (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
		InvocationContext context = new InvocationContext(hub, connectionId, request.getHeader("X-ASRS-User-Id"),
				claims(request.getHeader("X-ASRS-User-Claims")), query(request.getHeader("X-ASRS-Client-Query")));
		ResponseEntity<String> response = switch (category) {
			case "connections" -> connection(context, event, text);
			case "messages" -> invocation(context, text);
			default -> throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					"X-ASRS-Category must be connections or messages");
		};
		this.metrics.count(hub, category, event, "success");
		return response;
	}

	private ResponseEntity<String> connection(InvocationContext context, String event, String body) {
		switch (event.toLowerCase(java.util.Locale.ROOT)) {
			case "connected" -> this.events
				.publishEvent(new ClientConnectedEvent(context.hub(), context.connectionId(), context.userId()));
			case "disconnected" -> this.events.publishEvent(new ClientDisconnectedEvent(context.hub(),
					context.connectionId(), context.userId(), disconnectError(body)));
			default -> throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					"X-ASRS-Event for connections must be connected or disconnected");
		}
		return ResponseEntity.ok().build();
	}

	private ResponseEntity<String> invocation(InvocationContext context, String body) {
		JsonNode message = parse(body);
		if (message.path("type").asInt(-1) != 1 || !message.path("target").isString()) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					"The body must be a hub protocol Invocation (type 1 with a target)");
		}
		String target = message.path("target").asString();
		JsonNode id = message.get("invocationId");
		String invocationId = (id != null && id.isString()) ? id.asString() : null;
		Map<String, Object> completion = new LinkedHashMap<>();
		completion.put("type", 3);
		completion.put("invocationId", invocationId);
		try {
			Object result = this.methods.invoke(context, target, message.path("arguments"));
			completion.put("result", result);
		}
		catch (HubException ex) {
			completion.put("error", "Failed to invoke '" + target + "' due to an error on the server. HubException: "
					+ ex.getMessage());
		}
		if (invocationId == null) {
			return ResponseEntity.ok().build();
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.jsonMapper.writeValueAsString(completion) + RECORD_SEPARATOR);
	}

	private JsonNode parse(String body) {
		String json = body.strip();
		if (json.endsWith(String.valueOf(RECORD_SEPARATOR))) {
			json = json.substring(0, json.length() - 1);
		}
		try {
			JsonNode node = this.jsonMapper.readTree(json);
			if (node == null || !node.isObject()) {
				throw new UpstreamRequestException(HttpStatus.BAD_REQUEST, "The body must be a JSON object");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST, "The body is not valid JSON");
		}
	}

	/**
	 * The emulator writes {"Type":11,"Error":...}, the docs {"type","error"}: read both.
	 */
	private @Nullable String disconnectError(String body) {
		if (body.isBlank()) {
			return null;
		}
		for (Map.Entry<String, JsonNode> field : parse(body).properties()) {
			if (field.getKey().equalsIgnoreCase("error") && field.getValue().isString()) {
				return field.getValue().asString();
			}
		}
		return null;
	}

	private static void requireJson(HttpServletRequest request) {
		String contentType = request.getContentType();
		MediaType type;
		try {
			type = (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		}
		catch (RuntimeException ex) {
			type = null;
		}
		if (type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
			return;
		}
		if (type != null && type.getSubtype().equals("x-msgpack")) {
			throw new UpstreamRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"MessagePack upstream bodies are not supported yet: clients must use the JSON hub protocol");
		}
		throw new UpstreamRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
	}

	static String required(HttpServletRequest request, String header) {
		String value = request.getHeader(header);
		if (value == null || value.isBlank()) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST, header + " is required");
		}
		return value.strip();
	}

	/** {@code X-ASRS-User-Claims}: {@code type: value} pairs joined by {@code ", "}. */
	static Map<String, List<String>> claims(@Nullable String header) {
		Map<String, List<String>> claims = new LinkedHashMap<>();
		if (header != null) {
			for (String pair : header.split(", ")) {
				int colon = pair.indexOf(": ");
				if (colon > 0) {
					claims.computeIfAbsent(pair.substring(0, colon), (key) -> new ArrayList<>())
						.add(pair.substring(colon + 2));
				}
			}
		}
		return claims;
	}

	/**
	 * {@code X-ASRS-Client-Query}: the client's own query string, so decoded leniently: a
	 * name or value that is not valid percent-encoding is kept as sent, undecoded.
	 */
	static Map<String, List<String>> query(@Nullable String header) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (header != null) {
			for (String pair : header.replaceFirst("^\\?", "").split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
				String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
				query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
		}
		return query;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
