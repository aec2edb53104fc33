package dev.beacon.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.beacon.endpoint.Hubs;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import dev.beacon.protocol.HubProtocols;
import dev.beacon.protocol.InvalidNameException;
import dev.beacon.protocol.JsonHubProtocol;
import dev.beacon.protocol.MessagePackHubProtocol;
import dev.beacon.protocol.Names;
import dev.beacon.protocol.UpstreamEvents;
import dev.beacon.protocol.UpstreamHeaders;
import dev.beacon.restclient.SignalRClient;
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
 * dispatched before the signature is verified. Invocations arrive in the client's hub
 * protocol, JSON or MessagePack; a blocking one gets a framed Completion in that
 * protocol, which the service writes to the client verbatim.
 */
@RestController
class UpstreamController {

	static final MediaType MESSAGE_PACK = MediaType.parseMediaType("application/x-msgpack");

	private final HubMethodRegistry methods;

	private final Hubs hubs;

	private final JsonMapper jsonMapper;

	private final HubProtocols protocols;

	private final ApplicationEventPublisher events;

	private final UpstreamMetrics metrics;

	private final SignalRClient client;

	private final StreamProducers streams;

	UpstreamController(HubMethodRegistry methods, Hubs hubs, JsonMapper jsonMapper, ApplicationEventPublisher events,
			UpstreamMetrics metrics, SignalRClient client, StreamProducers streams) {
		this.methods = methods;
		this.hubs = hubs;
		this.jsonMapper = jsonMapper;
		this.protocols = new HubProtocols(jsonMapper);
		this.events = events;
		this.metrics = metrics;
		this.client = client;
		this.streams = streams;
	}

	/**
	 * The signature was checked from the headers before this runs
	 * ({@link UpstreamAuthenticationInterceptor}); only then is the body read.
	 */
	@PostMapping("${beacon.upstream.path:" + UpstreamProperties.DEFAULT_PATH + "}")
	ResponseEntity<?> receive(HttpServletRequest request, @RequestBody(required = false) byte @Nullable [] body) {
		String connectionId = required(request, UpstreamHeaders.CONNECTION_ID);
		String hub = this.hubs.requireFromService(required(request, UpstreamHeaders.HUB));
		String category = required(request, UpstreamHeaders.CATEGORY);
		String event = required(request, UpstreamHeaders.EVENT);
		HubProtocol protocol = protocol(request, category);
		byte[] bytes = (body != null) ? body : new byte[0];
		// An empty user ID is an anonymous connection, as the service leaves the header
		// out.
		String userId = request.getHeader(UpstreamHeaders.USER_ID);
		InvocationContext context = new InvocationContext(hub, connectionId,
				(userId != null && !userId.isBlank()) ? userId : null,
				UpstreamHeaders.parseClaims(request.getHeader(UpstreamHeaders.USER_CLAIMS)),
				UpstreamHeaders.parseClientQuery(request.getHeader(UpstreamHeaders.CLIENT_QUERY)), this.client);
		ResponseEntity<?> response = switch (category) {
			case UpstreamHeaders.CONNECTIONS -> connection(context, event, new String(bytes, StandardCharsets.UTF_8));
			case UpstreamHeaders.MESSAGES -> invocation(context, protocol, bytes);
			default -> throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					UpstreamHeaders.CATEGORY + " must be connections or messages");
		};
		this.metrics.count(hub, category, event, "success");
		return response;
	}

	private ResponseEntity<?> connection(InvocationContext context, String event, String body) {
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

	private ResponseEntity<?> invocation(InvocationContext context, HubProtocol protocol, byte[] body) {
		HubMessage message = parse(protocol, body);
		if (message instanceof HubMessage.StreamInvocation stream && !stream.target().isEmpty()) {
			return stream(context, stream);
		}
		if (!(message instanceof HubMessage.Invocation invocation) || invocation.target().isEmpty()) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					"The body must be a hub protocol Invocation or StreamInvocation (type 1 or 4, with a target)");
		}
		String id = invocation.invocationId();
		HubPayload completion;
		try {
			Object result = this.methods.invoke(context, invocation.target(), invocation.arguments());
			completion = (id != null) ? protocol.completion(id, result) : null;
		}
		catch (HubException ex) {
			completion = (id != null) ? protocol.completionError(id, "Failed to invoke '" + invocation.target()
					+ "' due to an error on the server. HubException: " + ex.getMessage()) : null;
		}
		return switch (completion) {
			case null -> ResponseEntity.ok().build();
			case HubPayload.Text text -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(text.text());
			case HubPayload.Binary binary -> ResponseEntity.ok().contentType(MESSAGE_PACK).body(binary.bytes());
		};
	}

	/**
	 * A client asked for a stream (Azure/azure-signalr#2132's serverless design): the hub
	 * method's stream is sent through the REST API's stream operations, and this request
	 * is answered at once. A method that fails or returns no stream ends the stream with
	 * its error. An invocation id the REST API could not name the stream by is refused
	 * before the method runs: the service answers a refused stream with an error
	 * Completion, as it ignores the body of an accepted one.
	 */
	private ResponseEntity<?> stream(InvocationContext context, HubMessage.StreamInvocation stream) {
		try {
			Names.streamId(stream.invocationId());
		}
		catch (InvalidNameException ex) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		String error;
		try {
			Object result = this.methods.invoke(context, stream.target(), stream.arguments());
			if (result != null && StreamProducers.streamable(result)) {
				this.streams.start(context, stream.invocationId(), result);
				return ResponseEntity.ok().build();
			}
			error = "The hub method '" + stream.target() + "' does not return a stream.";
		}
		catch (HubException ex) {
			error = "Failed to invoke '" + stream.target() + "' due to an error on the server. HubException: "
					+ ex.getMessage();
		}
		this.streams.start(context, stream.invocationId(), new StreamProducers.Failed(error));
		return ResponseEntity.ok().build();
	}

	private static HubMessage parse(HubProtocol protocol, byte[] body) {
		try {
			return switch (protocol) {
				case JsonHubProtocol json ->
					json.parse(JsonHubProtocol.unframe(new String(body, StandardCharsets.UTF_8)));
				case MessagePackHubProtocol messagePack -> messagePack.parse(body);
			};
		}
		catch (IllegalArgumentException ex) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST,
					(protocol instanceof JsonHubProtocol) ? "The body is not a JSON hub message"
							: "The body is not a MessagePack hub message: " + ex.getMessage());
		}
	}

	/**
	 * Invocations come in the client's protocol, {@code application/json} or
	 * {@code application/x-msgpack} (one message, no length prefix); connection events
	 * are always JSON.
	 */
	private HubProtocol protocol(HttpServletRequest request, String category) {
		String contentType = request.getContentType();
		MediaType type;
		try {
			type = (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		}
		catch (RuntimeException ex) {
			type = null;
		}
		if (type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
			return this.protocols.json();
		}
		if (type != null && type.isCompatibleWith(MESSAGE_PACK) && !type.isWildcardType()) {
			if (!UpstreamHeaders.MESSAGES.equals(category)) {
				throw new UpstreamRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
						"Connection events are JSON: Content-Type must be application/json");
			}
			return this.protocols.messagePack();
		}
		throw new UpstreamRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Content-Type must be application/json or application/x-msgpack");
	}

	static String required(HttpServletRequest request, String header) {
		String value = request.getHeader(header);
		if (value == null || value.isBlank()) {
			throw new UpstreamRequestException(HttpStatus.BAD_REQUEST, header + " is required");
		}
		return value.strip();
	}

}
