package dev.beacon.local.hub;

import org.jspecify.annotations.Nullable;

/**
 * One command of {@code :execute}, as the local service applies it to a connection.
 */
public sealed interface HubCommand {

	/**
	 * @param message what every selected connection receives
	 */
	record Send(OutgoingMessage message) implements HubCommand {
	}

	/**
	 * @param group the group the selected connections join
	 */
	record Join(String group) implements HubCommand {
	}

	/**
	 * @param group the group the selected connections leave
	 */
	record Leave(String group) implements HubCommand {
	}

	/**
	 * @param reason why the selected connections are closed, or null
	 */
	record Close(@Nullable String reason) implements HubCommand {
	}

}
