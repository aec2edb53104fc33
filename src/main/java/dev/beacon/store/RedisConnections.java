package dev.beacon.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import dev.beacon.system.InvalidSettingException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Beacon's Lettuce connection to Redis, from {@code spring.data.redis.*} and
 * {@code beacon.store.timeout}. Beacon builds it itself rather than through Spring Boot's
 * auto-configuration, whose conditions Spring AOT fixes when the image is built: one
 * image serves the memory and the Redis store. Every call is bounded by the store timeout
 * (Lettuce would otherwise queue commands while it reconnects and answer a minute later)
 * and refused at once while disconnected.
 */
final class RedisConnections {

	private static final String PREFIX = "spring.data.redis.";

	private RedisConnections() {
	}

	static LettuceConnectionFactory create(RedisSettings settings, Duration timeout) {
		refuseUnsupported(settings);
		Server server = server(settings);
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
			.commandTimeout(timeout)
			.clientOptions(clientOptions(timeout, !settings.cluster().nodes().isEmpty()));
		// As Spring Boot: TLS when the URL says rediss:// or ssl.enabled is set.
		if (server.ssl() || settings.ssl().enabled()) {
			client.useSsl();
		}
		if (StringUtils.hasText(settings.clientName())) {
			client.clientName(settings.clientName());
		}
		return new LettuceConnectionFactory(configuration(settings), client.build());
	}

	/** The URL when given, else host, port, credentials and database. */
	static Server server(RedisSettings settings) {
		return (settings.url() != null) ? fromUrl(settings.url()) : new Server(settings.host(), settings.port(),
				settings.username(), settings.password(), settings.database(), settings.ssl().enabled());
	}

	static RedisConfiguration configuration(RedisSettings settings) {
		Server server = server(settings);
		if (!settings.cluster().nodes().isEmpty()) {
			RedisClusterConfiguration cluster = new RedisClusterConfiguration(settings.cluster().nodes());
			cluster.setUsername(server.username());
			cluster.setPassword(RedisPassword.of(server.password()));
			return cluster;
		}
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(server.host(), server.port());
		standalone.setUsername(server.username());
		standalone.setPassword(RedisPassword.of(server.password()));
		standalone.setDatabase(server.database());
		return standalone;
	}

	private static ClientOptions clientOptions(Duration timeout, boolean cluster) {
		ClientOptions.Builder builder = cluster ? ClusterClientOptions.builder() : ClientOptions.builder();
		return builder.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build();
	}

	private static void refuseUnsupported(RedisSettings settings) {
		if (settings.sentinel().master() != null || !settings.sentinel().nodes().isEmpty()) {
			throw unsupported((settings.sentinel().master() != null) ? "sentinel.master" : "sentinel.nodes",
					"Redis Sentinel is not supported: use a single server (url or host) or a Redis Cluster "
							+ "(spring.data.redis.cluster.nodes)");
		}
		if (!settings.masterreplica().nodes().isEmpty()) {
			throw unsupported("masterreplica.nodes", "Redis master/replica is not supported: use a single server "
					+ "(url or host) or a Redis Cluster (spring.data.redis.cluster.nodes)");
		}
		if (settings.ssl().bundle() != null) {
			throw unsupported("ssl.bundle", "SSL bundles are not supported: use spring.data.redis.ssl.enabled=true "
					+ "or a rediss:// URL, which trust the JVM's certificate authorities");
		}
	}

	private static InvalidSettingException unsupported(String setting, String message) {
		return new InvalidSettingException(PREFIX + setting, message);
	}

	/**
	 * Reads {@code redis[s]://[[username]:password@]host[:port][/database]}. Errors name
	 * the setting and never echo the URL, which holds the password.
	 */
	static Server fromUrl(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw invalidUrl("it is not a URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("redis") && !scheme.equals("rediss")) {
			throw invalidUrl("its scheme must be redis:// or rediss:// (TLS)");
		}
		if (uri.getHost() == null) {
			throw invalidUrl("it names no host");
		}
		String username = null;
		String password = null;
		if (uri.getRawUserInfo() != null) {
			String userInfo = uri.getUserInfo();
			int colon = userInfo.indexOf(':');
			username = (colon < 0) ? null : emptyToNull(userInfo.substring(0, colon));
			password = (colon < 0) ? userInfo : userInfo.substring(colon + 1);
		}
		return new Server(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379, username, password,
				database(uri.getPath()), scheme.equals("rediss"));
	}

	private static int database(@Nullable String path) {
		if (path == null || path.isEmpty() || path.equals("/")) {
			return 0;
		}
		try {
			return Integer.parseInt(path.substring(1));
		}
		catch (NumberFormatException ex) {
			throw invalidUrl("its path must be the database number, like /0");
		}
	}

	private static @Nullable String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	private static InvalidSettingException invalidUrl(String reason) {
		return new InvalidSettingException(PREFIX + "url", "spring.data.redis.url is not a Redis URL: " + reason
				+ ". Expected redis[s]://[[username]:password@]host[:port][/database]");
	}

	/** Where to connect and as whom. */
	record Server(String host, int port, @Nullable String username, @Nullable String password, int database,
			boolean ssl) {

		@Override
		public String toString() {
			return "Server[" + this.host + ":" + this.port + "/" + this.database + (this.ssl ? ", TLS" : "") + "]";
		}

	}

}
