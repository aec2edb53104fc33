package dev.beacon.local.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalAuthenticationInterceptor;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalConnection.ConnectionInfo;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.protocol.HubPayload;
import dev.beacon.system.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The transports on {@code .../client/?hub=..&id=..}: a WebSocket upgrade, a Server-Sent
 * Events stream, or long polls ({@code GET}), sends ({@code POST}) and close
 * ({@code DELETE}). Both {@code /client} and {@code /client/} are mapped: the client URL
 * ends in a slash. The client token was checked before any of this runs
 * ({@link LocalAuthenticationInterceptor}), so no body is read for a caller without one.
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX + "}/client")
class ClientTransportController {

	static final String CONNECTION_ATTRIBUTE = "beacon.local.connection";

	static final Duration POLL_TIMEOUT = Duration.ofSeconds(20);

	static final String LONG_POLLING = "LongPolling";

	private static final String WEBSOCKETS = "WebSockets";

	private final LocalHubs hubs;

	private final ConnectionDispatcher dispatcher;

	private final WebSocketHttpRequestHandler webSocket;

	private final PendingConnections pending;

	private final ClientSettings settings;

	ClientTransportController(LocalHubs hubs, ConnectionDispatcher dispatcher, WebSocketHttpRequestHandler webSocket,
			PendingConnections pending, ClientSettings settings) {
		this.hubs = hubs;
		this.dispatcher = dispatcher;
		this.webSocket = webSocket;
		this.pending = pending;
		this.settings = settings;
	}

	@GetMapping({ "", "/" })
	@Nullable ResponseEntity<?> connect(HttpServletRequest request, HttpServletResponse response) throws Exception {
		String hub = LocalAuthenticationInterceptor.hub(request);
		String id = id(request);
		if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
			request.setAttribute(CONNECTION_ATTRIBUTE,
					this.pending.take(id, hub, clientQuery(request), LocalAuthenticationInterceptor.claims(request)));
			this.webSocket.handleRequest(request, response);
			return null;
		}
		String accept = request.getHeader("Accept");
		if (accept != null && accept.contains("text/event-stream")) {
			stream(queued(
					this.pending.take(id, hub, clientQuery(request), LocalAuthenticationInterceptor.claims(request)),
					QueuedConnection.SERVER_SENT_EVENTS), response);
			return null;
		}
		return poll(id, hub, request);
	}

	/**
	 * Text or, from MessagePack clients, binary: read as bytes and handed on whole.
	 */
	@PostMapping({ "", "/" })
	ResponseEntity<String> send(HttpServletRequest request, @RequestBody(required = false) byte @Nullable [] body) {
		LocalConnection connection = existing(request);
		if (connection.transport().equals(WEBSOCKETS)) {
			// A WebSocket's client sends on its socket; as ASP.NET Core answers
			throw new ErrorResponseException(HttpStatus.METHOD_NOT_ALLOWED, Problems.of(HttpStatus.METHOD_NOT_ALLOWED,
					"Method Not Allowed", "POST requests are not allowed for WebSocket connections"), null);
		}
		if (body != null) {
			this.dispatcher.onBinary(connection, body);
		}
		return ResponseEntity.ok("");
	}

	@DeleteMapping({ "", "/" })
	ResponseEntity<String> close(HttpServletRequest request) {
		LocalConnection connection = existing(request);
		if (!connection.transport().equals(LONG_POLLING)) {
			// Only a long-polling client ends its connection this way; as ASP.NET Core
			// answers
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "Bad Request",
					"Cannot terminate this connection using the DELETE endpoint"), null);
		}
		connection.close(HubPayload.EMPTY);
		this.dispatcher.disconnected(connection, null);
		return ResponseEntity.accepted().body("");
	}

	private @Nullable ResponseEntity<?> poll(String id, String hub, HttpServletRequest request)
			throws InterruptedException {
		LocalConnection existing = this.hubs.byToken(id);
		if (existing == null) {
			// The first poll only establishes the connection, as ASP.NET Core does.
			this.hubs.attach(queued(
					this.pending.take(id, hub, clientQuery(request), LocalAuthenticationInterceptor.claims(request)),
					LONG_POLLING));
			return ResponseEntity.ok("");
		}
		if (!existing.info().hub().equals(hub)) {
			throw new UnknownConnectionException();
		}
		if (!(existing instanceof QueuedConnection queued) || !queued.transport().equals(LONG_POLLING)) {
			// A poll of a WebSocket or Server-Sent Events connection would take its
			// messages
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
					Problems.of(HttpStatus.BAD_REQUEST, "Bad Request", "Cannot change transports mid-connection"),
					null);
		}
		queued.received();
		HubPayload messages = queued.poll(POLL_TIMEOUT);
		return switch (messages) {
			case null -> ResponseEntity.noContent().build();
			case HubPayload.Text text -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text.text());
			case HubPayload.Binary binary ->
				ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(binary.bytes());
		};
	}

	private void stream(QueuedConnection connection, HttpServletResponse response) throws IOException {
		this.hubs.attach(connection);
		response.setContentType("text/event-stream");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-cache");
		OutputStream out = response.getOutputStream();
		out.write("\r\n".getBytes(StandardCharsets.UTF_8));
		out.flush();
		try {
			HubPayload messages;
			while ((messages = connection.poll(POLL_TIMEOUT)) != null) {
				// The handshake refuses binary protocols on this transport.
				if (!(messages instanceof HubPayload.Text text) || text.text().isEmpty()) {
					continue;
				}
				StringBuilder event = new StringBuilder();
				text.text().lines().forEach((line) -> event.append("data: ").append(line).append("\r\n"));
				event.append("\r\n");
				out.write(event.toString().getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client went away
		}
		finally {
			this.dispatcher.disconnected(connection, null);
		}
	}

	private QueuedConnection queued(ConnectionInfo info, String transport) {
		return new QueuedConnection(info, transport, this.settings.outboundBufferSize());
	}

	private LocalConnection existing(HttpServletRequest request) {
		LocalConnection connection = this.hubs.byToken(id(request));
		if (connection == null || !connection.info().hub().equals(LocalAuthenticationInterceptor.hub(request))) {
			throw new UnknownConnectionException();
		}
		return connection;
	}

	/** The connect request's query for upstream, without the secret id and token. */
	private static String clientQuery(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null) {
			return "";
		}
		String kept = Arrays.stream(query.split("&"))
			.filter((parameter) -> !parameter.startsWith("id=") && !parameter.startsWith("access_token="))
			.collect(Collectors.joining("&"));
		return kept.isEmpty() ? "" : "?" + kept;
	}

	private static String id(HttpServletRequest request) {
		String id = request.getParameter("id");
		if (id == null || id.isEmpty()) {
			throw new UnknownConnectionException();
		}
		return id;
	}

}
