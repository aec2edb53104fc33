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

}
