package dev.beacon.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parses {@code Endpoint=...;AccessKey=...;Version=1.0;} connection strings with the
 * rules of the Azure SignalR SDK: entries split on {@code ;}, each on its first
 * {@code =}, keys case-insensitive and trimmed, unknown keys ignored. Stricter than the
 * SDK where it would silently misbehave: duplicate keys, entries without {@code =},
 * endpoints with a path and out-of-range ports are refused. Error messages name the key
 * and never echo a value.
 */
public final class ConnectionStringParser {

	private static final Pattern VERSION = Pattern.compile("^1\\.\\d+(?:[\\w\\-.]+)?$");

	private static final Set<String> ENTRA_AUTH_TYPES = Set.of("aad", "azure", "azure.app", "azure.msi");

	private ConnectionStringParser() {
	}

	public static ServiceEndpoint parse(String connectionString) {
		Map<String, String> entries = entries(connectionString);
		String authType = entries.get("authtype");
		if (authType != null) {
			String type = authType.toLowerCase(Locale.ROOT);
			if (ENTRA_AUTH_TYPES.contains(type)) {
				throw invalid("AuthType=" + type
						+ " (Microsoft Entra ID) is not supported yet: use a connection string with an AccessKey");
			}
			throw invalid("AuthType is not a known authentication type; remove it to use the AccessKey");
		}
		URI endpoint = httpUri("Endpoint", require(entries, "Endpoint"));
		String port = entries.get("port");
		if (port != null) {
			endpoint = withPort(endpoint, port(port));
		}
		URI clientEndpoint = optionalUri(entries, "ClientEndpoint", endpoint);
		URI serverEndpoint = optionalUri(entries, "ServerEndpoint", endpoint);
		AccessKey accessKey = accessKey(require(entries, "AccessKey"));
		String version = entries.getOrDefault("version", "1.0");
		if (!VERSION.matcher(version).matches()) {
			throw invalid("Version is not supported: Beacon speaks version 1.x of the service");
		}
		return new ServiceEndpoint(endpoint, clientEndpoint, serverEndpoint, new AccessKeyCredential(accessKey),
				version);
	}

	private static Map<String, String> entries(String connectionString) {
		if (connectionString == null || connectionString.isBlank()) {
			throw invalid("it is empty");
		}
		Map<String, String> entries = new TreeMap<>();
		int index = 0;
		for (String entry : connectionString.split(";")) {
			index++;
			if (entry.isBlank()) {
				continue;
			}
			int equals = entry.indexOf('=');
			if (equals <= 0) {
				throw invalid("entry " + index + " is not of the form Key=Value");
			}
			String key = entry.substring(0, equals).trim();
			String canonical = key.toLowerCase(Locale.ROOT);
			if (entries.putIfAbsent(canonical, entry.substring(equals + 1).trim()) != null) {
				throw invalid("duplicate key " + key);
			}
		}
		return entries;
	}

	private static String require(Map<String, String> entries, String key) {
		String value = entries.get(key.toLowerCase(Locale.ROOT));
		if (value == null || value.isEmpty()) {
			throw invalid("missing required key " + key);
		}
		return value;
	}

	private static URI optionalUri(Map<String, String> entries, String key, URI fallback) {
		String value = entries.get(key.toLowerCase(Locale.ROOT));
		return (value == null || value.isEmpty()) ? fallback : httpUri(key, value);
	}

	private static URI httpUri(String key, String value) {
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw invalid(key + " is not a valid URI");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			throw invalid(key + " must be an absolute http or https URI");
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		if (!path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null || uri.getRawFragment() != null
				|| uri.getRawUserInfo() != null) {
			throw invalid(key + " must be scheme, host and optional port only (no path, query or user info)");
		}
		return URI.create(scheme + "://" + uri.getRawAuthority());
	}

	private static int port(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port > 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid("Port must be a number from 1 to 65535");
	}

	private static URI withPort(URI uri, int port) {
		String host = uri.getHost();
		return URI.create(uri.getScheme() + "://" + host + ":" + port);
	}

	private static AccessKey accessKey(String value) {
		try {
			return new AccessKey(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("AccessKey is too short: HS256 needs at least " + AccessKey.MIN_BYTES + " bytes");
		}
	}

	private static InvalidConnectionStringException invalid(String reason) {
		return new InvalidConnectionStringException("Invalid Azure SignalR connection string: " + reason + ".");
	}

}
