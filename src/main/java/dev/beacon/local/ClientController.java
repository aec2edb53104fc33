package dev.beacon.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ConditionalOnBeaconMode;
import dev.beacon.protocol.ClientClaims;
import dev.beacon.protocol.Names;
import io.jsonwebtoken.Claims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The client side of the local service, as the official clients expect it after following
 * Beacon's negotiate redirect: {@code POST .../client/negotiate}, then on
 * {@code .../client/?hub=..&id=..} a WebSocket upgrade, a Server-Sent Events stream, or
 * long polls ({@code GET}), sends ({@code POST}) and close ({@code DELETE}). Both
 * {@code /client} and {@code /client/} are mapped: the client URL ends in a slash. Every
 * request's client token was checked before its handler runs
 * ({@link LocalAuthenticationInterceptor}), so no body is read for a caller without one.
 */
@RestController
@Hidden
@ConditionalOnBeaconMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:/local}/client")
class ClientController {

	static final String CONNECTION_ATTRIBUTE = "beacon.local.connection";

	static final Duration POLL_TIMEOUT = Duration.ofSeconds(20);

	private static final SecureRandom random = new SecureRandom();

	private final LocalHubs hubs;

	private final ConnectionDispatcher dispatcher;

	private final WebSocketHttpRequestHandler webSocket;

	/** Negotiated, not yet connected; dropped after {@link #PENDING_TIMEOUT}. */
	private final Map<String, Pending> pending = new java.util.concurrent.ConcurrentHashMap<>();

	static final Duration PENDING_TIMEOUT = Duration.ofSeconds(15);

	private final int outboundBufferSize;

	ClientController(LocalHubs hubs, ConnectionDispatcher dispatcher, WebSocketHttpRequestHandler webSocket,
			LocalProperties properties) {
		this.hubs = hubs;
		this.dispatcher = dispatcher;
		this.webSocket = webSocket;
		this.outboundBufferSize = properties.outboundBufferSize();
	}

	@PostMapping({ "/negotiate", "/negotiate/" })
	Map<String, Object> negotiate(HttpServletRequest request, @RequestParam(defaultValue = "0") int negotiateVersion) {
		String hub = hub(request);
		Claims claims = (Claims) request.getAttribute(LocalAuthenticationInterceptor.CLAIMS_ATTRIBUTE);
		String connectionId = randomId();
		String connectionToken = randomId();
		int version = Math.min(Math.max(negotiateVersion, 0), 1);
		String id = (version >= 1) ? connectionToken : connectionId;
		this.pending.put(id, new Pending(new LocalConnection.ConnectionInfo(connectionId, id, hub,
				ClientClaims.userId(claims), LocalTokens.publicClaims(claims), ""), System.nanoTime()));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("negotiateVersion", version);
		response.put("connectionId", connectionId);
		if (version >= 1) {
			response.put("connectionToken", connectionToken);
		}
		response.put("availableTransports",
				List.of(Map.of("transport", "WebSockets", "transferFormats", List.of("Text", "Binary")),
						Map.of("transport", "ServerSentEvents", "transferFormats", List.of("Text")),
						Map.of("transport", "LongPolling", "transferFormats", List.of("Text", "Binary"))));
		return response;
	}

	@GetMapping({ "", "/" })
	@Nullable ResponseEntity<String> connect(HttpServletRequest request, HttpServletResponse response) throws Exception {
		String hub = hub(request);
		String id = id(request);
		if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
			LocalConnection.ConnectionInfo info = take(id, hub, request);
			request.setAttribute(CONNECTION_ATTRIBUTE, info);
			this.webSocket.handleRequest(request, response);
			return null;
		}
		String accept = request.getHeader("Accept");
		if (accept != null && accept.contains("text/event-stream")) {
			stream(new QueuedConnection(take(id, hub, request), "ServerSentEvents", this.outboundBufferSize), response);
			return null;
		}
		return poll(id, hub, request);
	}

	@PostMapping({ "", "/" })
	ResponseEntity<String> send(HttpServletRequest request, @RequestBody(required = false) @Nullable String body) {
		LocalConnection connection = existing(request);
		if (body != null) {
			this.dispatcher.onText(connection, connection.inbound(), body);
		}
		return ResponseEntity.ok("");
	}

	@DeleteMapping({ "", "/" })
	ResponseEntity<String> close(HttpServletRequest request) {
		LocalConnection connection = existing(request);
		connection.close("");
		this.dispatcher.disconnected(connection, null);
		return ResponseEntity.accepted().body("");
	}

	private @Nullable ResponseEntity<String> poll(String id, String hub, HttpServletRequest request)
			throws InterruptedException {
		LocalConnection existing = this.hubs.byToken(id);
		if (existing == null) {
			// The first poll only establishes the connection, as ASP.NET Core does.
			QueuedConnection connection = new QueuedConnection(take(id, hub, request), "LongPolling",
					this.outboundBufferSize);
			this.hubs.attach(connection);
			return ResponseEntity.ok("");
		}
		if (!(existing instanceof QueuedConnection queued)) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body("");
		}
		queued.received();
		String messages = queued.poll(POLL_TIMEOUT);
		if (messages == null) {
			return ResponseEntity.noContent().build();
		}
		return ResponseEntity.ok().contentType(org.springframework.http.MediaType.TEXT_PLAIN).body(messages);
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
			String messages;
			while ((messages = connection.poll(POLL_TIMEOUT)) != null) {
				if (messages.isEmpty()) {
					continue;
				}
				StringBuilder event = new StringBuilder();
				messages.lines().forEach((line) -> event.append("data: ").append(line).append("\r\n"));
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

	private LocalConnection existing(HttpServletRequest request) {
		String hub = hub(request);
		LocalConnection connection = this.hubs.byToken(id(request));
		if (connection == null || !connection.info().hub().equals(hub)) {
			throw new UnknownConnectionException();
		}
		return connection;
	}

	private LocalConnection.ConnectionInfo take(String id, String hub, HttpServletRequest request) {
		Pending taken = this.pending.remove(id);
		if (taken == null || !taken.info().hub().equals(hub)) {
			throw new UnknownConnectionException();
		}
		LocalConnection.ConnectionInfo info = taken.info();
		return new LocalConnection.ConnectionInfo(info.connectionId(), info.connectionToken(), info.hub(),
				info.userId(), info.claims(), clientQuery(request));
	}

	/** The connect request's query for upstream, without the secret id and token. */
	private static String clientQuery(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null) {
			return "";
		}
		String kept = java.util.Arrays.stream(query.split("&"))
			.filter((parameter) -> !parameter.startsWith("id=") && !parameter.startsWith("access_token="))
			.collect(java.util.stream.Collectors.joining("&"));
		return kept.isEmpty() ? "" : "?" + kept;
	}

	static String hub(HttpServletRequest request) {
		String[] hubs = request.getParameterValues("hub");
		if (hubs == null || hubs.length != 1) {
			throw new dev.beacon.protocol.InvalidNameException("hub", "exactly one hub query parameter is required");
		}
		return Names.hub(hubs[0]);
	}

	private static String id(HttpServletRequest request) {
		String id = request.getParameter("id");
		if (id == null || id.isEmpty()) {
			throw new UnknownConnectionException();
		}
		return id;
	}

	/** Forgets negotiations no transport followed in time. */
	void expirePending(long now) {
		this.pending.values().removeIf((entry) -> now - entry.createdNanos() > PENDING_TIMEOUT.toNanos());
	}

	private record Pending(LocalConnection.ConnectionInfo info, long createdNanos) {
	}

	private static String randomId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
