package dev.beacon.store;

import java.time.Duration;
import java.util.Map;

import dev.beacon.system.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Beacon's own Redis connection reads Spring Boot's {@code spring.data.redis.*} settings,
 * bound as Spring binds them: the URL forms Azure Cache for Redis uses, host and port
 * with credentials, TLS either way, a cluster; what it does not support is refused naming
 * the setting, and neither errors nor {@code toString} show the password.
 */
class RedisConnectionsTests {

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Test
	void anAzureCacheUrlGivesTlsThePasswordAndTheDefaultDatabase() {
		RedisConnections.Server server = RedisConnections
			.fromUrl("rediss://:s3cret@beacon.redis.cache.windows.net:6380");

		assertThat(server)
			.isEqualTo(new RedisConnections.Server("beacon.redis.cache.windows.net", 6380, null, "s3cret", 0, true));
		assertThat(server.toString()).doesNotContain("s3cret");
	}

	@Test
	void aUrlCarriesTheUserTheDatabaseAndThePlainTextDefaultPort() {
		assertThat(RedisConnections.fromUrl("redis://beacon:pw@127.0.0.1/3"))
			.isEqualTo(new RedisConnections.Server("127.0.0.1", 6379, "beacon", "pw", 3, false));
		assertThat(RedisConnections.fromUrl("redis://127.0.0.1:6390"))
			.isEqualTo(new RedisConnections.Server("127.0.0.1", 6390, null, null, 0, false));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://:s3cret@host:6379", "redis://:s3cret@host:6379/zero", "redis:/:s3cret@/",
			"not a url :s3cret" })
	void aBadUrlIsRefusedNamingTheSettingWithoutThePassword(String url) {
		InvalidSettingException failure = catchThrowableOfType(InvalidSettingException.class,
				() -> RedisConnections.fromUrl(url));

		assertThat(failure.setting()).isEqualTo("spring.data.redis.url");
		assertThat(failure.getMessage()).contains("spring.data.redis.url").doesNotContain("s3cret");
	}

	@Test
	void theUrlWinsOverAConfiguredHostAndPortAndTheStoreTimeoutBoundsEveryCall() {
		LettuceConnectionFactory factory = create(Map.of("url", "rediss://:pw@cache:6380", "host", "other", "port",
				"7000", "password", "other-password"));

		assertThat(factory.getHostName()).isEqualTo("cache");
		assertThat(factory.getPort()).isEqualTo(6380);
		assertThat(factory.getPassword()).isEqualTo("pw");
		assertThat(factory.getClientConfiguration().isUseSsl()).isTrue();
		assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(TIMEOUT);
	}

	@Test
	void hostPortCredentialsDatabaseTlsAndClientNameAreRead() {
		Map<String, String> properties = Map.of("host", "cache.example", "port", "6380", "username", "beacon",
				"password", "s3cret", "database", "2", "ssl.enabled", "true", "client-name", "beacon-1");
		LettuceConnectionFactory factory = create(properties);

		assertThat(RedisConnections.configuration(settings(properties)))
			.isEqualTo(standalone("cache.example", 6380, "beacon", "s3cret", 2));
		assertThat(factory.getClientConfiguration().isUseSsl()).isTrue();
		assertThat(factory.getClientConfiguration().getClientName()).hasValue("beacon-1");
	}

	@Test
	void tlsSetBesideAPlainTextUrlIsKeptAsSpringBootKeepsIt() {
		assertThat(create(Map.of("url", "redis://:pw@cache:6380", "ssl.enabled", "true")).getClientConfiguration()
			.isUseSsl()).isTrue();
	}

	@Test
	void anEmptyClientNameIsLeftOut() {
		assertThat(create(Map.of("client-name", "")).getClientConfiguration().getClientName()).isEmpty();
	}

	@Test
	void clusterNodesMakeAClusterConnection() {
		LettuceConnectionFactory factory = create(Map.of("cluster.nodes", "a:7000,b:7001"));

		assertThat(factory.getClusterConfiguration()).isNotNull();
		assertThat(factory.getClusterConfiguration().getClusterNodes()).hasSize(2);
	}

	@ParameterizedTest
	@CsvSource({ "sentinel.master, mymaster", "sentinel.nodes, 'a:26379,b:26379'", "masterreplica.nodes, 'a:6379'",
			"ssl.bundle, azure" })
	void whatBeaconDoesNotSupportIsRefusedByName(String setting, String value) {
		InvalidSettingException failure = catchThrowableOfType(InvalidSettingException.class,
				() -> create(Map.of(setting, value)));

		assertThat(failure.setting()).isEqualTo("spring.data.redis." + setting);
	}

	@Test
	void theSettingsNeverShowThePassword() {
		assertThat(settings(Map.of("password", "s3cret")).toString()).doesNotContain("s3cret");
		assertThat(settings(Map.of("url", "rediss://:s3cret@cache:6380")).toString()).doesNotContain("s3cret");
	}

	private static RedisStandaloneConfiguration standalone(String host, int port, String username, String password,
			int database) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(host, port);
		configuration.setUsername(username);
		configuration.setPassword(RedisPassword.of(password));
		configuration.setDatabase(database);
		return configuration;
	}

	private static LettuceConnectionFactory create(Map<String, String> properties) {
		return RedisConnections.create(settings(properties), TIMEOUT);
	}

	private static RedisSettings settings(Map<String, String> properties) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		properties.forEach((name, value) -> source.put("spring.data.redis." + name, value));
		return RedisSettings.bind(new Binder(source));
	}

}
