package dev.beacon.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Hub protocol messages a client sends, named as in the official clients
 * ({@code HubMessageType}), read from either protocol.
 */
public sealed interface HubMessage {

	/**
	 * Type 1: a hub method call; without an invocationId nobody waits for a result.
	 *
	 * @param invocationId the id a Completion must answer, or null
	 * @param target the hub method
	 * @param arguments the arguments, as JSON whatever the protocol
	 * @param message the message as received without its framing (no record separator, no
	 * length prefix), in the client's protocol: what the upstream receives
	 */
	record Invocation(@Nullable String invocationId, String target, JsonNode arguments,
			HubPayload message) implements HubMessage {
	}

	/**
	 * Type 3: the answer to an invocation the server sent with an id (a client result),
	 * or to a stream the server sent.
	 *
	 * @param invocationId the invocation it answers
	 * @param result the client's value; JSON null for none
	 * @param error the client's error, or null when it answered a value
	 */
	record Completion(String invocationId, JsonNode result, @Nullable String error) implements HubMessage {
	}

	/**
	 * Type 4: the client asks for a stream of items; the invocation id names the stream.
	 *
	 * @param invocationId the stream's id
	 * @param target the hub method
	 * @param arguments the arguments, as JSON whatever the protocol
	 * @param message the message as received, without its framing
	 */
	record StreamInvocation(String invocationId, String target, JsonNode arguments,
			HubPayload message) implements HubMessage {
	}

	/**
	 * Type 5: the client no longer wants the stream it asked for.
	 *
	 * @param invocationId the stream's id
	 */
	record CancelInvocation(String invocationId) implements HubMessage {
	}

	/** Type 6: keep-alive. */
	record Ping() implements HubMessage {
	}

	/**
	 * Type 7: the sender is closing.
	 *
	 * @param error why, if it failed
	 * @param allowReconnect whether the client may reconnect
	 */
	record Close(@Nullable String error, boolean allowReconnect) implements HubMessage {
	}

	/**
	 * Anything else (stream items a client sends, acks): not supported, ignored.
	 *
	 * @param type the message type
	 */
	record Other(int type) implements HubMessage {
	}

}
