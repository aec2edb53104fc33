package dev.beacon.restclient;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One command of {@code :execute}, applied to every connection a filter selects; written
 * as the Swagger's {@code SignalRCommand}, tagged by {@code type}.
 */
public sealed interface SignalRCommand {

	/** The command as its JSON object, {@code type} first. */
	Map<String, Object> json();

	/**
	 * The tag first, always: System.Text.Json (.NET 8 and before, by default) reads a
	 * type discriminator only ahead of the object's other properties, and
	 * {@code Map.of}'s order changes from one JVM run to the next.
	 */
	private static Map<String, Object> tagged(String type, String name, Object value) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", type);
		json.put(name, value);
		return json;
	}

	/**
	 * Sends a message to the selected connections.
	 *
	 * @param message the message
	 */
	record SendMessage(SignalRMessage message) implements SignalRCommand {

		@Override
		public Map<String, Object> json() {
			return tagged("SendMessage", "message", this.message);
		}

	}

	/**
	 * Adds the selected connections to a group.
	 *
	 * @param group the group
	 */
	record JoinGroup(String group) implements SignalRCommand {

		@Override
		public Map<String, Object> json() {
			return tagged("JoinGroup", "group", this.group);
		}

	}

	/**
	 * Removes the selected connections from a group.
	 *
	 * @param group the group
	 */
	record LeaveGroup(String group) implements SignalRCommand {

		@Override
		public Map<String, Object> json() {
			return tagged("LeaveGroup", "group", this.group);
		}

	}

	/**
	 * Closes the selected connections.
	 *
	 * @param reason why, or null
	 */
	record CloseConnection(@Nullable String reason) implements SignalRCommand {

		@Override
		public Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("type", "CloseConnection");
			if (this.reason != null) {
				json.put("reason", this.reason);
			}
			return json;
		}

	}

}
