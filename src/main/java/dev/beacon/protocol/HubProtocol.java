package dev.beacon.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One hub protocol a client may speak, chosen by its handshake ({@link HubProtocols}):
 * how each server message is written in it, framed for the client's transport. Reading
 * differs by kind (text split on record separators, binary on length prefixes), so it
 * lives in each protocol.
 */
public sealed interface HubProtocol permits JsonHubProtocol, MessagePackHubProtocol {

	/** The name a handshake asks for: {@code json} or {@code messagepack}. */
	String name();

	/** Whether the protocol needs a transport that carries binary. */
	boolean binary();

	/** The successful handshake response, {@code {}} plus the record separator. */
	HubPayload handshakeOk();

	HubPayload ping();

	/** An Invocation without an invocationId: what a REST {@code :send} becomes. */
	HubPayload invocation(String target, JsonNode arguments);

	/**
	 * An Invocation with an invocationId, which the client answers with a Completion:
	 * what a REST {@code :invoke} (a client result) becomes.
	 */
	HubPayload invocation(String invocationId, String target, JsonNode arguments);

	/** A StreamItem of the stream the client asked for under {@code invocationId}. */
	HubPayload streamItem(String invocationId, JsonNode item);

	/** A Completion with a result, {@code null} included. */
	HubPayload completion(String invocationId, @Nullable Object result);

	/** A Completion without a result, as a void hub method's. */
	HubPayload completion(String invocationId);

	HubPayload completionError(String invocationId, String error);

	HubPayload close(@Nullable String error, boolean allowReconnect);

}
