package dev.beacon.local.hub;

import java.util.List;

import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.JsonHubProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What clients send, whatever the transport: the handshake first, then hub messages.
 * Invocations go to the upstream; Close ends the connection; pings only count as
 * activity.
 */
public final class ConnectionDispatcher {

	private static final Log logger = LogFactory.getLog(ConnectionDispatcher.class);

	private final LocalHubs hubs;

	private final JsonHubProtocol protocol;

	private final LocalUpstream upstream;

	public ConnectionDispatcher(LocalHubs hubs, JsonHubProtocol protocol, LocalUpstream upstream) {
		this.hubs = hubs;
		this.protocol = protocol;
		this.upstream = upstream;
	}

	public void onText(LocalConnection connection, StringBuilder buffer, CharSequence text) {
		connection.received();
		List<String> messages;
		synchronized (buffer) {
			buffer.append(text);
			if (buffer.length() > JsonHubProtocol.MAX_MESSAGE_SIZE) {
				close(connection, "Message exceeds the maximum size of 1 MiB.", false);
				return;
			}
			messages = JsonHubProtocol.split(buffer);
		}
		for (String message : messages) {
			if (!connection.isHandshaken()) {
				handshake(connection, message);
			}
			else {
				dispatch(connection, message);
			}
		}
	}

	private void handshake(LocalConnection connection, String message) {
		String error = this.protocol.handshakeError(message);
		if (error != null) {
			connection.close(this.protocol.handshakeResponse(error));
			this.hubs.remove(connection);
			return;
		}
		connection.send(JsonHubProtocol.HANDSHAKE_OK);
		this.hubs.activate(connection);
		this.upstream.connected(connection);
	}

	private void dispatch(LocalConnection connection, String message) {
		HubMessage parsed;
		try {
			parsed = this.protocol.parse(message);
		}
		catch (IllegalArgumentException ex) {
			close(connection, "Connection closed with an error: invalid hub message.", false);
			return;
		}
		switch (parsed) {
			case HubMessage.Invocation invocation -> this.upstream.invoke(connection, invocation);
			case HubMessage.Close close -> disconnected(connection, close.error());
			case HubMessage.Ping ping -> {
			}
			case HubMessage.Other other -> logger.debug("Ignoring hub message of type " + other.type());
		}
	}

	public void close(LocalConnection connection, String error, boolean allowReconnect) {
		connection.close(this.protocol.close(error, allowReconnect));
		disconnected(connection, error);
	}

	/** The connection ended; the registry reports it upstream if it had been active. */
	public void disconnected(LocalConnection connection, @Nullable String error) {
		connection.ended(error);
		this.hubs.remove(connection);
	}

}
