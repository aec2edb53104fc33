package dev.beacon.local.hub;

import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message sent through the REST API to any number of connections: encoded at most once
 * per protocol, when its first recipient speaking that protocol gets it, and the same
 * bytes queued for every other one. JSON and MessagePack clients of one group get the
 * same message, each in their own protocol.
 */
public final class OutgoingMessage {

	private final String target;

	private final JsonNode arguments;

	private volatile @Nullable HubPayload json;

	private volatile @Nullable HubPayload binary;

	public OutgoingMessage(String target, JsonNode arguments) {
		this.target = target;
		this.arguments = arguments;
	}

	public String target() {
		return this.target;
	}

	public JsonNode arguments() {
		return this.arguments;
	}

	/** The message framed in {@code protocol}; racing recipients may encode it twice. */
	public HubPayload in(HubProtocol protocol) {
		if (protocol.binary()) {
			HubPayload encoded = this.binary;
			if (encoded == null) {
				encoded = protocol.invocation(this.target, this.arguments);
				this.binary = encoded;
			}
			return encoded;
		}
		HubPayload encoded = this.json;
		if (encoded == null) {
			encoded = protocol.invocation(this.target, this.arguments);
			this.json = encoded;
		}
		return encoded;
	}

}
