package dev.beacon.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.beacon.endpoint.Hubs;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.JsonHubProtocol;
import dev.beacon.protocol.UpstreamEvents;
import dev.beacon.protocol.UpstreamHeaders;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
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
 * Functions uses, so existing upstream URL templates keep working. Nothing is read or
 * dispatched before the signature is verified. A blocking invocation gets a framed
 * Completion, which the service writes to the client verbatim.
 */
@RestController
class UpstreamController {

	private final HubMethodRegistry methods;

	private final Hubs hubs;

	private final JsonMapper jsonMapper;

	private final JsonHubProtocol protocol;

	private final ApplicationEventPublisher events;

	private final UpstreamMetrics metrics;

	UpstreamController(HubMethodRegistry methods, Hubs hubs, JsonMapper jsonMapper, ApplicationEventPublisher events,
			UpstreamMetrics metrics) {
		this.methods = methods;
		this.hubs = hubs;
		this.jsonMapper = jsonMapper;
		this.protocol = new JsonHubProtocol(jsonMapper);
		this.events = events;
		this.metrics = metrics;
	}

	/**
	 * The signature was checked from the headers before this runs
	 * ({@link UpstreamAuthenticationInterceptor}); only then is the body read.
	 */
	@PostMapping("${beacon.upstream.path:" + UpstreamProperties.DEFAULT_PATH + "}")
	ResponseEntity<String> receive(HttpServletRequest request, @RequestBody(required = false) byte @Nullable [] body) {
		String connectionId = required(request, UpstreamHeaders.CONNECTION_ID);
		String hub = this.hubs.require(required(request, UpstreamHeaders.HUB));
		String category = required(request, UpstreamHeaders.CATEGORY);
		String event = required(request, UpstreamHeaders.EVENT);
		requireJson(request);
		String text = (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
		// An empty user ID is an anonymous connection, as the service leaves the header
		// out.
		String userId = request.getHeader(UpstreamHeaders.USER_ID);
		InvocationContext context = new InvocationContext(hub, connectionId,
				(userId != null && !userId.isBlank()) ? userId : null,
				UpstreamHeaders.parseClaims(request.getHeader(UpstreamHeaders.USER_CLAIMS)),
				UpstreamHeaders.parseClientQuery(request.getHeader(UpstreamHeaders.CLIENT_QUERY)));
		ResponseEntity<String> response = switch (category) {
			case UpstreamHeaders.CONNECTIONS -> connection(context, event, text);
			case UpstreamHeaders.MESSAGES -> invocation(context, text);
			default -> throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					UpstreamHeaders.CATEGORY + " must be connections or messages");
		};
		this.metrics.count(hub, category, event, "success");
		return response;
	}

	private ResponseEntity<String> connection(InvocationContext context, String event, String body) {
		switch (event.toLowerCase(Locale.ROOT)) {
			case UpstreamHeaders.CONNECTED -> this.events
				.publishEvent(new ClientConnectedEvent(context.hub(), context.connectionId(), context.userId()));
			case UpstreamHeaders.DISCONNECTED -> this.events.publishEvent(new ClientDisconnectedEvent(context.hub(),
					context.connectionId(), context.userId(), UpstreamEvents.disconnectError(this.jsonMapper, body)));
			default -> throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					UpstreamHeaders.EVENT + " for connections must be connected or disconnected");
		}
		return ResponseEntity.ok().build();
	}

	private ResponseEntity<String> invocation(InvocationContext context, String body) {
		HubMessage message;
		try {
			message = this.protocol.parse(JsonHubProtocol.unframe(body));
		}
		catch (IllegalArgumentException ex) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST, "The body is not a JSON hub message");
		}
		if (!(message instanceof HubMessage.Invocation invocation) || invocation.target().isEmpty()) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					"The body must be a hub protocol Invocation (type 1 with a target)");
		}
		String completion;
		try {
			Object result = this.methods.invoke(context, invocation.target(), invocation.arguments());
			completion = (invocation.invocationId() != null)
					? this.protocol.completion(invocation.invocationId(), result) : null;
		}
		catch (HubException ex) {
			completion = (invocation.invocationId() != null)
					? this.protocol.completionError(invocation.invocationId(), "Failed to invoke '"
							+ invocation.target() + "' due to an error on the server. HubException: " + ex.getMessage())
					: null;
		}
		if (completion == null) {
			return ResponseEntity.ok().build();
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(completion);
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

}
