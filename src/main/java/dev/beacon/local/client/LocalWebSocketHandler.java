package dev.beacon.local.client;

import java.util.Map;
import java.util.Objects;

import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.protocol.JsonHubProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The WebSocket transport: frames carry hub messages (several per frame, or one across
 * frames). JSON comes in text frames from browsers and in binary ones holding the same
 * UTF-8 from the Java client; MessagePack in binary frames. The connection was
 * authenticated before the upgrade.
 */
public final class LocalWebSocketHandler extends AbstractWebSocketHandler implements HandshakeInterceptor {

	/** How long one send may block before the client counts as stuck and is closed. */
	public static final int SEND_TIME_LIMIT_MS = 5000;

	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final LocalHubs hubs;

	private final ConnectionDispatcher dispatcher;

	private final int outboundBufferSize;

	public LocalWebSocketHandler(LocalHubs hubs, ConnectionDispatcher dispatcher, int outboundBufferSize) {
		this.hubs = hubs;
		this.dispatcher = dispatcher;
		this.outboundBufferSize = outboundBufferSize;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (request instanceof ServletServerHttpRequest servlet) {
			Object info = servlet.getServletRequest().getAttribute(ClientTransportController.CONNECTION_ATTRIBUTE);
			if (info != null) {
				attributes.put(ClientTransportController.CONNECTION_ATTRIBUTE, info);
				return true;
			}
		}
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		// beforeHandshake let the upgrade through only with the connection's info
		LocalConnection.ConnectionInfo info = (LocalConnection.ConnectionInfo) Objects.requireNonNull(
				session.getAttributes().get(ClientTransportController.CONNECTION_ATTRIBUTE), "connection info");
		// Tomcat's own bound on one blocking send (20 s by default), for the writer
		// thread and the Close a client that stopped reading never takes
		jakarta.websocket.Session tomcat = (session instanceof NativeWebSocketSession nativeSession)
				? nativeSession.getNativeSession(jakarta.websocket.Session.class) : null;
		if (tomcat != null) {
			tomcat.getUserProperties().put(BLOCKING_SEND_TIMEOUT, (long) SEND_TIME_LIMIT_MS);
		}
		WebSocketConnection connection = new WebSocketConnection(info,
				new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, this.outboundBufferSize,
						ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE));
		session.getAttributes().put("connection", connection);
		this.hubs.attach(connection);
	}

	/**
	 * Frames may arrive in parts: text parts go straight into the connection's inbound
	 * buffer, which splits on record separators and enforces the 1 MiB message limit.
	 */
	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		LocalConnection connection = attached(session);
		this.dispatcher.onText(connection, message.getPayload());
	}

	/**
	 * Binary parts are collected until the frame is complete, so UTF-8 is never split:
	 * MessagePack, or the Java client's JSON.
	 */
	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		LocalConnection connection = attached(session);
		java.io.ByteArrayOutputStream parts = (java.io.ByteArrayOutputStream) session.getAttributes()
			.computeIfAbsent("binaryParts", (key) -> new java.io.ByteArrayOutputStream());
		java.nio.ByteBuffer payload = message.getPayload();
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		parts.writeBytes(bytes);
		if (parts.size() > JsonHubProtocol.MAX_MESSAGE_SIZE) {
			this.dispatcher.close(connection, "Message exceeds the maximum size of 1 MiB.", false);
			return;
		}
		if (message.isLast()) {
			byte[] frame = parts.toByteArray();
			parts.reset();
			this.dispatcher.onBinary(connection, frame);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		LocalConnection connection = connection(session);
		if (connection != null) {
			this.dispatcher.disconnected(connection, "Transport error: " + exception.getClass().getSimpleName());
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		LocalConnection connection = connection(session);
		if (connection != null) {
			this.dispatcher.disconnected(connection,
					(status.getCode() == CloseStatus.NORMAL.getCode()) ? null : "WebSocket closed with " + status);
		}
	}

	// None if afterConnectionEstablished failed (the session is closed then)
	private static @Nullable LocalConnection connection(WebSocketSession session) {
		return (LocalConnection) session.getAttributes().get("connection");
	}

	// Messages arrive only after afterConnectionEstablished attached the connection
	private static LocalConnection attached(WebSocketSession session) {
		return Objects.requireNonNull(connection(session), "no connection attached to the session");
	}

	/**
	 * Partial messages keep Tomcat's per-connection buffers at their small default;
	 * asking for whole 1 MiB messages would reserve megabytes for every connection.
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

}
