package dev.beacon.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub protocols the local service speaks, JSON and MessagePack, and the handshake
 * that picks one: always a JSON message, answered in JSON with the official server's
 * errors.
 */
public final class HubProtocols {

	private final JsonMapper jsonMapper;

	private final JsonHubProtocol json;

	private final MessagePackHubProtocol messagePack;

	public HubProtocols(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		this.json = new JsonHubProtocol(jsonMapper);
		this.messagePack = new MessagePackHubProtocol(jsonMapper);
	}

	public JsonHubProtocol json() {
		return this.json;
	}

	public MessagePackHubProtocol messagePack() {
		return this.messagePack;
	}

	/**
	 * Reads a handshake request.
	 * @param request the request without its record separator
	 * @param binaryTransport whether the client's transport carries binary (Server-Sent
	 * Events does not)
	 * @return the protocol chosen, or the error to answer with
	 */
	public Handshake handshake(String request, boolean binaryTransport) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(request);
		}
		catch (JacksonException ex) {
			return refused("Handshake request is not valid JSON.");
		}
		if (node == null || !node.isObject()) {
			return refused("Handshake request is not valid JSON.");
		}
		String name = node.path("protocol").asString("");
		HubProtocol protocol = switch (name) {
			case "json" -> this.json;
			case "messagepack" -> this.messagePack;
			default -> null;
		};
		if (protocol == null) {
			return refused("Requested protocol '" + name + "' is not available.");
		}
		if (node.path("version").asInt(-1) != 1) {
			return refused("The server does not support version " + node.path("version").asString("") + " of the '"
					+ name + "' protocol.");
		}
		if (protocol.binary() && !binaryTransport) {
			return refused("Cannot use the '" + name
					+ "' protocol on the current transport. The transport does not support 'Binary' transfer format.");
		}
		return new Handshake(protocol, protocol.handshakeOk());
	}

	private Handshake refused(String error) {
		return new Handshake(null, handshakeError(error));
	}

	/**
	 * A handshake response that refuses the connection (always JSON, as handshakes are).
	 */
	public HubPayload handshakeError(String error) {
		return this.json.handshakeResponse(error);
	}

	/**
	 * What a handshake settled.
	 *
	 * @param protocol the protocol the connection speaks from now on, or null when
	 * refused
	 * @param response the answer, in the client's protocol's transfer format
	 */
	public record Handshake(@Nullable HubProtocol protocol, HubPayload response) {

		public boolean accepted() {
			return this.protocol != null;
		}

	}

}
