package dev.beacon.conformance;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.function.UnaryOperator;

import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.credential.EntraCredential;
import dev.beacon.endpoint.ConnectionStringParser;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.restclient.ApiVersion;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What the conformance suite runs against, from system properties (or their environment
 * variables, which keep a key out of the command line and of Surefire's reports): no
 * connection string, the local service the suite starts itself; one, that resource,
 * signed for with an AccessKey or a Microsoft Entra identity as Beacon's connection
 * strings allow. Values are checked before anything starts, and no message repeats one.
 *
 * @param connectionString the resource's connection string, null for the local service
 * @param apiVersion the data-plane API version Beacon's client speaks in the run, null
 * for the client's default
 * @param upstreamUrl the public URL at which the resource's upstream reaches the suite's
 * receiver, null when not set up
 * @param upstreamPort the local port the suite's upstream receiver listens on, 0 for any
 * (only with the local service)
 */
record ConformanceSettings(@Nullable String connectionString, @Nullable String apiVersion, @Nullable URI upstreamUrl,
		int upstreamPort) {

	static final String PREFIX = "beacon.conformance.";

	static final String CONNECTION_STRING = PREFIX + "connection-string";

	static final String API_VERSION = PREFIX + "api-version";

	static final String UPSTREAM_URL = PREFIX + "upstream-url";

	static final String UPSTREAM_PORT = PREFIX + "upstream-port";

	/**
	 * Reads the settings: each system property, else its environment variable
	 * ({@code BEACON_CONFORMANCE_CONNECTION_STRING} and so on).
	 * @param properties the system properties
	 * @param environment the environment variables
	 * @return the settings
	 * @throws IllegalArgumentException naming the setting that is wrong, never its value
	 */
	static ConformanceSettings from(UnaryOperator<@Nullable String> properties,
			UnaryOperator<@Nullable String> environment) {
		String connectionString = read(CONNECTION_STRING, properties, environment);
		String apiVersion = read(API_VERSION, properties, environment);
		String upstreamUrl = read(UPSTREAM_URL, properties, environment);
		String upstreamPort = read(UPSTREAM_PORT, properties, environment);
		if (connectionString != null) {
			// Refused here, by Beacon's own parser, with its messages that never echo the
			// key, before a Beacon starts and reports it in its own words
			ConnectionStringParser.parse(connectionString, ConformanceSettings::withoutEntra);
		}
		if (apiVersion != null) {
			try {
				ApiVersion.of(apiVersion);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(API_VERSION + " must be the version of Beacon's client: "
						+ ex.getMessage().replace(ApiVersion.SETTING + " must be ", ""));
			}
		}
		URI upstream = (upstreamUrl != null) ? upstreamUrl(upstreamUrl) : null;
		int port = (upstreamPort != null) ? port(upstreamPort) : 0;
		if (upstream != null && connectionString == null) {
			throw new IllegalArgumentException(UPSTREAM_URL + " is for a resource of your own (" + CONNECTION_STRING
					+ "); against the local service the suite checks the upstream in-process");
		}
		if (upstream != null && port == 0) {
			throw new IllegalArgumentException(
					UPSTREAM_URL + " needs " + UPSTREAM_PORT + ": the port on this machine that the URL forwards to");
		}
		return new ConformanceSettings(connectionString, apiVersion, upstream, port);
	}

	/**
	 * The settings of this run, from the JVM's system properties and environment. The
	 * connection string is then removed from the system properties: Surefire writes those
	 * into its XML reports.
	 */
	static ConformanceSettings fromSystem() {
		ConformanceSettings settings = from(System::getProperty, System::getenv);
		System.clearProperty(CONNECTION_STRING);
		System.clearProperty(API_VERSION);
		return settings;
	}

	/** Whether the suite runs against the local service it starts. */
	boolean local() {
		return this.connectionString == null;
	}

	/**
	 * The resource's endpoint, parsed without signing in anywhere.
	 * @return the endpoint; null for the local service
	 */
	@Nullable ServiceEndpoint endpoint() {
		return (this.connectionString != null)
				? ConnectionStringParser.parse(this.connectionString, ConformanceSettings::withoutEntra) : null;
	}

	/** The target as the report names it: a host and how the suite signs for it. */
	String describe() {
		ServiceEndpoint endpoint = endpoint();
		if (endpoint == null) {
			return "Beacon's local service (started by the suite)";
		}
		String auth = (endpoint.credential() instanceof AccessKeyCredential) ? "AccessKey"
				: "Microsoft Entra ID (" + ((EntraCredential) endpoint.credential()).identity().describe() + ")";
		return endpoint.endpoint().getHost() + " (" + auth + ")";
	}

	private static EntraCredential withoutEntra(dev.beacon.credential.EntraIdentity identity) {
		return new EntraCredential(identity, (request) -> Mono.empty(), Clock.systemUTC());
	}

	private static @Nullable String read(String property, UnaryOperator<@Nullable String> properties,
			UnaryOperator<@Nullable String> environment) {
		String value = properties.apply(property);
		if (value == null || value.isBlank()) {
			value = environment.apply(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
		}
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static URI upstreamUrl(String value) {
		URI uri;
		try {
			uri = URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(UPSTREAM_URL + " is not a URL");
		}
		if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
			throw new IllegalArgumentException(UPSTREAM_URL + " must be an absolute http or https URL");
		}
		return uri;
	}

	private static int port(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(UPSTREAM_PORT + " must be a port from 1 to 65535");
	}

	@Override
	public String toString() {
		return "ConformanceSettings[" + describe() + ", apiVersion=" + this.apiVersion + ", upstreamUrl="
				+ this.upstreamUrl + ", upstreamPort=" + this.upstreamPort + "]";
	}

}
