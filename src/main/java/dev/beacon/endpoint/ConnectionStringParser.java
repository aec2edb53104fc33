package dev.beacon.endpoint;

import dev.beacon.credential.AccessKey;
import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.credential.EntraCredential;
import dev.beacon.credential.EntraIdentity;
import dev.beacon.credential.EntraTokenCredentials;
import dev.beacon.credential.ServiceCredential;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses {@code Endpoint=...;AccessKey=...;Version=1.0;} and
 * {@code Endpoint=...;AuthType=azure.msi;Version=1.0;} connection strings with the rules
 * of the Azure SignalR SDK: entries split on {@code ;}, each on its first {@code =}, keys
 * case-insensitive and trimmed, unknown keys ignored, {@code AuthType} compared
 * lower-cased. Stricter than the SDK where it would silently misbehave: duplicate keys,
 * entries without {@code =}, endpoints with a path, out-of-range ports, an
 * {@code AccessKey} next to an Entra {@code AuthType} (the SDK lets the key win) and both
 * a client secret and a certificate are refused. Error messages name the key and never
 * echo a value.
 */
public final class ConnectionStringParser {

	private static final Pattern VERSION = Pattern.compile("^1\\.\\d+(?:[\\w\\-.]+)?$");

	private static final Set<String> ENTRA_AUTH_TYPES = Set.of("aad", "azure", "azure.app", "azure.msi");

	private ConnectionStringParser() {
	}

	/**
	 * Parses a connection string; an Entra identity gets the credentials of
	 * {@link EntraTokenCredentials} and the system clock.
	 * @param connectionString the connection string
	 * @return the endpoint
	 */
	public static ServiceEndpoint parse(String connectionString) {
		return parse(connectionString, EntraCredential::create);
	}

	/**
	 * Parses a connection string.
	 * @param connectionString the connection string
	 * @param entra makes the credential of a Microsoft Entra identity
	 * @return the endpoint
	 */
	public static ServiceEndpoint parse(String connectionString, Function<EntraIdentity, ServiceCredential> entra) {
		Map<String, String> entries = entries(connectionString);
		URI endpoint = httpUri("Endpoint", require(entries, "Endpoint"), false);
		String port = entries.get("port");
		if (port != null) {
			endpoint = withPort(endpoint, port(port));
		}
		// The SDK keeps a path on these two (a gateway routing by path); Endpoint has
		// none.
		URI clientEndpoint = optionalUri(entries, "ClientEndpoint", endpoint);
		URI serverEndpoint = optionalUri(entries, "ServerEndpoint", endpoint);
		ServiceCredential credential = credential(entries, entra);
		String version = entries.getOrDefault("version", "1.0");
		if (!VERSION.matcher(version).matches()) {
			throw invalid("Version is not supported: Beacon speaks version 1.x of the service");
		}
		return new ServiceEndpoint(endpoint, clientEndpoint, serverEndpoint, credential, version);
	}

	private static ServiceCredential credential(Map<String, String> entries,
			Function<EntraIdentity, ServiceCredential> entra) {
		String authType = entries.get("authtype");
		if (authType == null || authType.isEmpty()) {
			return new AccessKeyCredential(accessKey(require(entries, "AccessKey")));
		}
		String type = authType.toLowerCase(Locale.ROOT);
		if (!ENTRA_AUTH_TYPES.contains(type)) {
			throw invalid("AuthType is not a known authentication type (azure, azure.msi, azure.app); remove it to "
					+ "use the AccessKey");
		}
		if (entries.containsKey("accesskey")) {
			throw invalid("AccessKey and AuthType=" + type + " are both given: remove the AccessKey to use Microsoft "
					+ "Entra ID, or AuthType to use the key");
		}
		return entra.apply(identity(type, entries));
	}

	private static EntraIdentity identity(String type, Map<String, String> entries) {
		String clientId = optional(entries, "ClientId");
		return switch (type) {
			case "azure" -> new EntraIdentity.DefaultChain(clientId);
			case "azure.msi" -> new EntraIdentity.ManagedIdentity(clientId);
			case "azure.app" -> application(entries, type);
			// The SDK's legacy name: an application when it has a tenant, else a managed
			// identity.
			default -> (clientId != null && optional(entries, "TenantId") != null) ? application(entries, type)
					: new EntraIdentity.ManagedIdentity(clientId);
		};
	}

	private static EntraIdentity application(Map<String, String> entries, String type) {
		String tenantId = requireFor(entries, "TenantId", type);
		String clientId = requireFor(entries, "ClientId", type);
		String secret = optional(entries, "ClientSecret");
		String certificate = optional(entries, "ClientCert");
		if (secret == null && certificate == null) {
			throw invalid("AuthType=" + type + " needs ClientSecret or ClientCert");
		}
		if (secret != null && certificate != null) {
			throw invalid("ClientSecret and ClientCert are both given: keep one");
		}
		if (certificate != null && !Files.isReadable(Path.of(certificate))) {
			throw invalid("ClientCert names no readable file");
		}
		return new EntraIdentity.Application(tenantId, clientId, secret, certificate);
	}

	private static String requireFor(Map<String, String> entries, String key, String type) {
		String value = optional(entries, key);
		if (value == null) {
			throw invalid("AuthType=" + type + " needs " + key);
		}
		return value;
	}

	private static @Nullable String optional(Map<String, String> entries, String key) {
		String value = entries.get(key.toLowerCase(Locale.ROOT));
		return (value == null || value.isEmpty()) ? null : value;
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
		return (value == null || value.isEmpty()) ? fallback : httpUri(key, value, true);
	}

	private static URI httpUri(String key, String value, boolean pathAllowed) {
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
		String path = (uri.getRawPath() != null) ? uri.getRawPath().replaceAll("/+$", "") : "";
		if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
				|| !path.isEmpty() && (!pathAllowed || hasDotSegment(path))) {
			throw invalid(key + " must be scheme, host and optional port only ("
					+ (pathAllowed ? "and a plain path; no query" : "no path, query") + " or user info)");
		}
		return URI.create(scheme + "://" + uri.getRawAuthority() + path);
	}

	private static boolean hasDotSegment(String path) {
		for (String segment : path.split("/")) {
			if (segment.equals(".") || segment.equals("..") || segment.contains("%")) {
				return true;
			}
		}
		return false;
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
