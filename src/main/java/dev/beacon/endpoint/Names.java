package dev.beacon.endpoint;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The naming rules of Azure SignalR Service, shared by everything that builds or accepts
 * a hub, group, user or connection name (the REST client and the local service alike).
 * Source: the 2022-06-01 data-plane Swagger and the service emulator's parameter
 * validator.
 */
public final class Names {

	/** Hub and application names: a letter, then up to 127 of {@code A-Za-z0-9_`,.[]}. */
	public static final String HUB_REGEX = "^[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}$";

	/** Groups: 1 to 1024 characters, not all whitespace. */
	public static final int MAX_GROUP_LENGTH = 1024;

	/** User IDs: 1 to 1024 characters. */
	public static final int MAX_USER_LENGTH = 1024;

	/** Connection IDs: the service only requires one character; we bound them too. */
	public static final int MAX_CONNECTION_ID_LENGTH = 1024;

	private static final Pattern HUB = Pattern.compile(HUB_REGEX);

	private Names() {
	}

	/**
	 * Validates a hub name and returns it lower-cased, as the service uses it on the
	 * wire.
	 * @param hub the hub name
	 * @return the lower-cased hub name
	 */
	public static String hub(String hub) {
		if (hub == null || !HUB.matcher(hub).matches()) {
			throw new InvalidNameException("hub", "must match " + HUB_REGEX);
		}
		return hub.toLowerCase(Locale.ROOT);
	}

	public static String application(String application) {
		if (application == null || !HUB.matcher(application).matches()) {
			throw new InvalidNameException("application", "must match " + HUB_REGEX);
		}
		return application.toLowerCase(Locale.ROOT);
	}

	public static String group(String group) {
		if (group == null || group.isEmpty() || group.length() > MAX_GROUP_LENGTH || group.isBlank()) {
			throw new InvalidNameException("group",
					"must be 1 to " + MAX_GROUP_LENGTH + " characters, not all whitespace");
		}
		return group;
	}

	public static String user(String user) {
		if (user == null || user.isEmpty() || user.length() > MAX_USER_LENGTH) {
			throw new InvalidNameException("user", "must be 1 to " + MAX_USER_LENGTH + " characters");
		}
		return user;
	}

	public static String connectionId(String connectionId) {
		if (connectionId == null || connectionId.isEmpty() || connectionId.length() > MAX_CONNECTION_ID_LENGTH) {
			throw new InvalidNameException("connectionId", "must be 1 to " + MAX_CONNECTION_ID_LENGTH + " characters");
		}
		return connectionId;
	}

}
