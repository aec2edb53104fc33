package dev.beacon.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The seeds' client-to-server functions on the default hub, each opt-in:
 * {@code joinGroup} and {@code leaveGroup} move the caller's own connection, only into
 * groups matching {@code beacon.upstream.join-group-pattern}; {@code broadcast} sends
 * {@code newMessage} with the caller and text to everyone when
 * {@code beacon.upstream.broadcast-enabled}.
 */
@Component
class BuiltInHubMethods {

	private final SignalRClient client;

	private final @Nullable Pattern joinGroupPattern;

	private final boolean broadcastEnabled;

	private final int maxBroadcastLength;

	BuiltInHubMethods(SignalRClient client, UpstreamProperties properties) {
		this.client = client;
		this.joinGroupPattern = (properties.joinGroupPattern() != null) ? Pattern.compile(properties.joinGroupPattern())
				: null;
		this.broadcastEnabled = properties.broadcastEnabled();
		this.maxBroadcastLength = properties.maxBroadcastLength();
	}

	@HubMethod(name = "joinGroup")
	void joinGroup(InvocationContext caller, String group) {
		this.client.addConnectionToGroup(caller.hub(), allowed(group), caller.connectionId());
	}

	@HubMethod(name = "leaveGroup")
	void leaveGroup(InvocationContext caller, String group) {
		this.client.removeConnectionFromGroup(caller.hub(), allowed(group), caller.connectionId());
	}

	@HubMethod(name = "broadcast")
	void broadcast(InvocationContext caller, String text) {
		if (!this.broadcastEnabled) {
			throw new HubException("broadcast is not enabled on this server");
		}
		if (text == null || text.isBlank() || text.length() > this.maxBroadcastLength) {
			throw new HubException("text must be 1 to " + this.maxBroadcastLength + " characters");
		}
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("connectionId", caller.connectionId());
		message.put("userId", caller.userId());
		message.put("text", text);
		this.client.sendToAll(caller.hub(), SignalRMessage.of("newMessage", message), List.of());
	}

	private String allowed(String group) {
		if (this.joinGroupPattern == null) {
			throw new HubException("joining groups is not enabled on this server");
		}
		if (group == null || !this.joinGroupPattern.matcher(group).matches()) {
			throw new HubException("group '" + group + "' is not allowed");
		}
		return group;
	}

}
