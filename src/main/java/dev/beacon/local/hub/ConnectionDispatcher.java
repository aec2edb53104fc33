package dev.beacon.local.hub;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import dev.beacon.protocol.BinaryMessageBuffer;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import dev.beacon.protocol.HubProtocols;
import dev.beacon.protocol.JsonHubProtocol;
import dev.beacon.protocol.MessagePackHubProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What clients send, whatever the transport: the handshake first (JSON text, which picks
 * the protocol), then hub messages in that protocol. Invocations and stream requests go
 * to the upstream; completions answer the client results the connection owes; a cancel
 * ends the stream it names (its next item finds it gone); Close ends the connection;
 * pings only count as activity.
 */
public final class ConnectionDispatcher {

	private static final Log logger = LogFactory.getLog(ConnectionDispatcher.class);

	private final LocalHubs hubs;

	private final HubProtocols protocols;

	private final LocalUpstream upstream;

	public ConnectionDispatcher(LocalHubs hubs, HubProtocols protocols, LocalUpstream upstream) {
		this.hubs = hubs;
		this.protocols = protocols;
		this.upstream = upstream;
	}

	/**
	 * Text from the client: the handshake, or JSON hub messages (several per frame, or
	 * one across frames).
	 */
	public void onText(LocalConnection connection, CharSequence text) {
		connection.received();
		if (connection.protocol() instanceof MessagePackHubProtocol) {
			close(connection, "Connection closed with an error: text received on a MessagePack connection.", false);
			return;
		}
		List<String> messages;
		StringBuilder buffer = connection.inbound();
		synchronized (buffer) {
			// The pending tail holds no separator: a message in many small frames is
			// searched once, not once per frame
			int searched = buffer.length();
			buffer.append(text);
			if (buffer.length() > JsonHubProtocol.MAX_MESSAGE_SIZE) {
				close(connection, "Message exceeds the maximum size of 1 MiB.", false);
				return;
			}
			messages = JsonHubProtocol.split(buffer, searched);
		}
		for (String message : messages) {
			HubProtocol protocol = connection.protocol();
			if (protocol == null) {
				handshake(connection, message);
			}
			else if (protocol.binary()) {
				close(connection, "Connection closed with an error: text received on a MessagePack connection.", false);
				return;
			}
			else {
				dispatch(connection, () -> this.protocols.json().parse(message));
			}
		}
	}

	/**
	 * A whole binary frame or request body: MessagePack once the handshake chose it,
	 * otherwise UTF-8 JSON (the Java client sends its JSON in binary frames, and every
	 * client's handshake may come this way).
	 */
	public void onBinary(LocalConnection connection, byte[] bytes) {
		if (!(connection.protocol() instanceof MessagePackHubProtocol protocol)) {
			onText(connection, new String(bytes, StandardCharsets.UTF_8));
			return;
		}
		connection.received();
		List<byte[]> messages;
		BinaryMessageBuffer buffer = connection.binaryInbound();
		synchronized (buffer) {
			buffer.write(bytes);
			try {
				messages = MessagePackHubProtocol.split(buffer);
			}
			catch (IllegalArgumentException ex) {
				close(connection, String.valueOf(ex.getMessage()), false);
				return;
			}
		}
		for (byte[] message : messages) {
			dispatch(connection, () -> protocol.parse(message));
		}
	}

	private void handshake(LocalConnection connection, String message) {
		HubProtocols.Handshake handshake = this.protocols.handshake(message, connection.carriesBinary());
		HubProtocol protocol = handshake.protocol();
		if (protocol == null) {
			connection.close(handshake.response());
			this.hubs.remove(connection);
			return;
		}
		LocalHubs.Listener.Refusal refusal = this.hubs.activate(connection, protocol, handshake.response());
		if (refusal != null) {
			// Never active, so never reported upstream: the handshake fails
			connection.close(this.protocols.handshakeError(refusal.error()));
			connection.ended(refusal.error());
			return;
		}
		this.upstream.connected(connection);
	}

	private void dispatch(LocalConnection connection, Parse parse) {
		HubMessage parsed;
		try {
			parsed = parse.message();
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Closing connection " + connection.id() + ": " + ex.getMessage());
			close(connection, "Connection closed with an error: invalid hub message.", false);
			return;
		}
		switch (parsed) {
			case HubMessage.Invocation invocation -> this.upstream.invoke(connection, invocation);
			case HubMessage.Completion completion -> connection.answered(completion);
			case HubMessage.StreamInvocation stream -> {
				connection.streamOpened(stream.invocationId());
				this.upstream.stream(connection, stream);
			}
			case HubMessage.CancelInvocation cancel -> connection.streamClosed(cancel.invocationId());
			case HubMessage.Close close -> disconnected(connection, close.error());
			case HubMessage.Ping ping -> {
			}
			case HubMessage.Other other -> logger.debug("Ignoring hub message of type " + other.type());
		}
	}

	/**
	 * Sends Close in the connection's protocol (JSON before its handshake), then ends it;
	 * the upstream hears of the error.
	 */
	public void close(LocalConnection connection, String error, boolean allowReconnect) {
		connection.close(closeMessage(connection, error, allowReconnect));
		disconnected(connection, error);
	}

	/**
	 * Closes a connection the REST API asked to close: Close with the reason and
	 * {@code allowReconnect}, as the service sends it; not an error upstream.
	 */
	public void closeOnRequest(LocalConnection connection, String reason) {
		connection.close(closeMessage(connection, reason, true));
		disconnected(connection, null);
	}

	/**
	 * Closes connections the upstream was told ended already (another replica swept them
	 * while this one was cut off), with no second event.
	 */
	public void closeSilently(Collection<LocalConnection> connections, String error, boolean allowReconnect) {
		for (LocalConnection connection : List.copyOf(connections)) {
			connection.close(closeMessage(connection, error, allowReconnect));
			connection.ended(error);
			this.hubs.forget(connection);
		}
	}

	private HubPayload closeMessage(LocalConnection connection, String error, boolean allowReconnect) {
		HubProtocol protocol = connection.protocol();
		return ((protocol != null) ? protocol : this.protocols.json()).close(error, allowReconnect);
	}

	/**
	 * The connection ended; the registry reports it upstream if it had been active. Its
	 * transport ends with it, as the service's does: after a client's Close a waiting
	 * long poll answers 204 at once (the Java client's stop waits for it) instead of at
	 * its timeout, and after a transport error a WebSocket is closed from this side too.
	 */
	public void disconnected(LocalConnection connection, @Nullable String error) {
		connection.ended(error);
		this.hubs.remove(connection);
		connection.terminate();
	}

	@FunctionalInterface
	private interface Parse {

		HubMessage message();

	}

}
