package dev.beacon.restclient;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.beacon.protocol.Names;
import org.jspecify.annotations.Nullable;

/**
 * The pieces {@link RestApiRequests} builds paths and queries from: names validated and
 * escaped like .NET's {@code Uri.EscapeDataString}, the {@code excluded} and
 * {@code reason} parameters, and the check that no path carries a dot segment.
 */
final class RestPaths {

	private RestPaths() {
	}

	/**
	 * Whether a path has a {@code .} or {@code ..} segment, escaped or not. Read in
	 * place: it runs for every call, and splitting and decoding each segment cost 3% of a
	 * batch worker's samples.
	 */
	static boolean hasDotSegment(String path) {
		int start = 0;
		while (start <= path.length()) {
			int end = path.indexOf('/', start);
			if (end < 0) {
				end = path.length();
			}
			if (isDotSegment(path, start, end)) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	/**
	 * Whether {@code path[start, end)} is one or two dots, each {@code .} or {@code %2E}.
	 */
	private static boolean isDotSegment(String path, int start, int end) {
		int dots = 0;
		int at = start;
		while (at < end) {
			if (path.charAt(at) == '.') {
				at++;
			}
			else if (at + 3 <= end && path.startsWith("%2", at) && (path.charAt(at + 2) | 0x20) == 'e') {
				at += 3;
			}
			else {
				return false;
			}
			dots++;
		}
		return dots == 1 || dots == 2;
	}

	/**
	 * The path with its names replaced by their place, e.g.
	 * {@code /api/hubs/{hub}/groups/{group}/:send}: the route of a trace's span, as few
	 * as the API has operations.
	 */
	static String template(String path) {
		String[] segments = path.split("/", -1);
		for (int i = 1; i < segments.length; i++) {
			String place = switch (segments[i - 1]) {
				case "hubs" -> "{hub}";
				case "groups" -> "{group}";
				case "users" -> "{user}";
				case "connections" -> "{connectionId}";
				case "streams" -> "{streamId}";
				default -> null;
			};
			if (place != null && !segments[i].startsWith(":")) {
				segments[i] = place;
			}
		}
		return String.join("/", segments);
	}

	static String user(String user) {
		return escape(Names.user(user));
	}

	static String group(String group) {
		return escape(Names.group(group));
	}

	static String connection(String connectionId) {
		return escape(Names.connectionId(connectionId));
	}

	static String excluded(List<String> excluded) {
		StringBuilder query = new StringBuilder();
		for (String connectionId : excluded) {
			query.append(query.isEmpty() ? "" : "&")
				.append("excluded=")
				.append(escape(Names.connectionId(connectionId)));
		}
		return query.toString();
	}

	static String reason(@Nullable String reason) {
		return (reason != null && !reason.isEmpty()) ? "reason=" + escape(reason) : "";
	}

	static String join(String first, String second) {
		if (first.isEmpty()) {
			return second;
		}
		return second.isEmpty() ? first : first + "&" + second;
	}

	/**
	 * Percent-encodes everything but RFC 3986 unreserved characters, as .NET's
	 * {@code Uri.EscapeDataString} does.
	 * @param value the text to escape
	 * @return the escaped text
	 */
	static String escape(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder escaped = new StringBuilder(bytes.length);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
					|| c == '~') {
				escaped.append((char) c);
			}
			else {
				escaped.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return escaped.toString();
	}

}
