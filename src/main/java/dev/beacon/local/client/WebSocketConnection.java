package dev.beacon.local.client;

import java.io.IOException;

import dev.beacon.local.hub.LocalConnection;
import dev.beacon.protocol.HubPayload;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * A WebSocket client. Spring's decorator serialises concurrent sends and bounds what is
 * buffered: a client that cannot keep up is closed instead of holding up a broadcast.
 */
public final class WebSocketConnection extends LocalConnection {

	private static final Log logger = LogFactory.getLog(WebSocketConnection.class);

	private final ConcurrentWebSocketSessionDecorator session;

	public WebSocketConnection(ConnectionInfo info, ConcurrentWebSocketSessionDecorator session) {
		super(info);
		this.session = session;
	}

	@Override
	public String transport() {
		return "WebSockets";
	}

	@Override
	protected void write(HubPayload framed) {
		try {
			this.session.sendMessage(switch (framed) {
				case HubPayload.Text text -> new TextMessage(text.text());
				case HubPayload.Binary binary -> new BinaryMessage(binary.bytes());
			});
		}
		catch (IOException | RuntimeException ex) {
			logger.info("Closing connection " + id() + ": " + ex.getMessage());
			terminate();
		}
	}

	@Override
	protected void terminate() {
		try {
			// 1000: a non-normal code surfaces as an error in the JavaScript client.
			this.session.close(CloseStatus.NORMAL);
		}
		catch (IOException ex) {
			logger.debug("Close of " + id() + " failed: " + ex.getMessage());
		}
	}

}
