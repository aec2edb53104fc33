package dev.beacon.local.hub;

import dev.beacon.protocol.HubMessage;
import org.jspecify.annotations.Nullable;

/**
 * Where the local service reports connections and client invocations, as Azure SignalR
 * Service does to its upstream in serverless mode.
 */
public interface LocalUpstream {

	void connected(LocalConnection connection);

	void disconnected(LocalConnection connection, @Nullable String error);

	void invoke(LocalConnection connection, HubMessage.Invocation invocation);

	/**
	 * A client asks for a stream: the upstream hears the request (category
	 * {@code messages}, the method as the event, the client's StreamInvocation as the
	 * body) and answers with the stream's items through the REST API's
	 * {@code streams/{streamId}} operations, as Azure/azure-signalr#2132 designs
	 * serverless streaming. A refusal ends the stream with an error.
	 */
	void stream(LocalConnection connection, HubMessage.StreamInvocation stream);

}
