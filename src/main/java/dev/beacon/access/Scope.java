package dev.beacon.access;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * What a caller may do: one vocabulary for API keys
 * ({@code beacon.api.clients[i].scopes}) and Entra ID tokens (app roles of the same names
 * in the token's {@code roles} claim). {@link #ADMIN} holds every other.
 */
public enum Scope {

	/** Publish a status to everyone, a user, a group or a connection. */
	STATUS_WRITE("Status.Write"),

	/** Send messages (single, batch and filtered) to any recipient. */
	MESSAGES_WRITE("Messages.Write"),

	/** Add users and connections to groups and remove them. */
	GROUPS_WRITE("Groups.Write"),

	/**
	 * Close connections, ask whether users, groups and connections exist, list a group.
	 */
	CONNECTIONS_WRITE("Connections.Write"),

	/** Invoke a method on one client and wait for its result. */
	CLIENTS_INVOKE("Clients.Invoke"),

	/** Run commands (join, leave, close) on the connections a filter selects. */
	COMMANDS_WRITE("Commands.Write"),

	/** Read who is connected. */
	PRESENCE_READ("Presence.Read"),

	/** Read a user's inbox. */
	INBOX_READ("Inbox.Read"),

	/** Everything, including health details on the actuator. */
	ADMIN("Beacon.Admin");

	private final String wireName;

	Scope(String wireName) {
		this.wireName = wireName;
	}

	/** The name in settings, tokens, problems and the OpenAPI document. */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The scope of a name, matched exactly as Entra ID matches app roles.
	 * @param name a scope's name, such as {@code Messages.Write}
	 * @return the scope, or null when there is none of that name
	 */
	static @Nullable Scope named(String name) {
		for (Scope scope : values()) {
			if (scope.wireName.equals(name)) {
				return scope;
			}
		}
		return null;
	}

	/** Every name, for messages that list them. */
	static String names() {
		return Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
