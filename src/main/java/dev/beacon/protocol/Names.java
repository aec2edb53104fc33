package dev.beacon.protocol;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The naming rules of Azure SignalR Service, shared by everything that builds or accepts
 * a hub, group, user or connection name (the publishing API, the REST client and the
 * local service alike). Source: the 2022-06-01 data-plane Swagger and the service
 * emulator's parameter validator.
 * <p>
 * Beyond the service's length rules, a name must survive the trip through a URL path
 * unchanged: {@code .} and {@code ..} (alone, or as a part between {@code /} or
 * {@code \}) are refused, since a server normalises such a segment away and a send to
 * group {@code ..} would become a broadcast; so are control characters (the service's
 * group pattern excludes line breaks, and HTTP servers refuse {@code %00}) and unpaired
 * surrogates (they have no UTF-8 form, so the name would change on the wire).
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

	/** The 2024-12-01 Swagger: 1 to 100 characters, not all whitespace. */
	public static final int MAX_STREAM_ID_LENGTH = 100;

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

	/**
	 * The hub as the service names it: {@code {application}_{hub}}, lower case, when an
	 * application name prefixes the hubs of a shared resource; the hub alone otherwise.
	 * @param application the application name, or null
	 * @param hub the hub
	 * @return the service's name of the hub
	 */
	public static String serviceHub(@Nullable String application, String hub) {
		return (application != null) ? application(application) + "_" + hub(hub) : hub(hub);
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
		return pathSafe("group", group);
	}

	public static String user(String user) {
		if (user == null || user.isEmpty() || user.length() > MAX_USER_LENGTH) {
			throw new InvalidNameException("user", "must be 1 to " + MAX_USER_LENGTH + " characters");
		}
		return pathSafe("user", user);
	}

	public static String connectionId(String connectionId) {
		if (connectionId == null || connectionId.isEmpty() || connectionId.length() > MAX_CONNECTION_ID_LENGTH) {
			throw new InvalidNameException("connectionId", "must be 1 to " + MAX_CONNECTION_ID_LENGTH + " characters");
		}
		return pathSafe("connectionId", connectionId);
	}

	public static String streamId(String streamId) {
		if (streamId == null || streamId.isEmpty() || streamId.length() > MAX_STREAM_ID_LENGTH || streamId.isBlank()) {
			throw new InvalidNameException("streamId",
					"must be 1 to " + MAX_STREAM_ID_LENGTH + " characters, not all whitespace");
		}
		return pathSafe("streamId", streamId);
	}

	private static String pathSafe(String kind, String name) {
		int partStart = 0;
		for (int i = 0; i <= name.length(); i++) {
			char c = (i < name.length()) ? name.charAt(i) : '/';
			if (c == '/' || c == '\\') {
				if (isDotSegment(name, partStart, i)) {
					throw new InvalidNameException(kind,
							"must not be '.' or '..' nor contain them between slashes (a server would "
									+ "treat them as a path step)");
				}
				partStart = i + 1;
			}
			else if (Character.isISOControl(c)) {
				throw new InvalidNameException(kind,
						"must not contain control characters (U+0000 to U+001F, " + "U+007F to U+009F)");
			}
			else if (Character.isSurrogate(c) && !isPairedSurrogate(name, i)) {
				throw new InvalidNameException(kind, "must be valid Unicode (it has an unpaired surrogate)");
			}
		}
		return name;
	}

	private static boolean isDotSegment(String name, int start, int end) {
		int length = end - start;
		return (length == 1 || length == 2) && name.charAt(start) == '.' && name.charAt(end - 1) == '.';
	}

	private static boolean isPairedSurrogate(String name, int i) {
		char c = name.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(name.charAt(i - 1));
	}

}
