package dev.beacon.store;

import java.time.Duration;
import java.util.List;

import dev.beacon.system.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Beacon's own Redis connection reads Spring Boot's {@code spring.data.redis.*} settings:
 * the URL forms Azure Cache for Redis uses, host and port, a cluster; what it does not
 * support is refused naming the setting, and no error echoes the password.
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
	void theUrlWinsOverHostAndPortAndTheStoreTimeoutBoundsEveryCall() {
		LettuceConnectionFactory factory = RedisConnections.create(settings("rediss://:pw@cache:6380", List.of()),
				TIMEOUT);

		assertThat(factory.getHostName()).isEqualTo("cache");
		assertThat(factory.getPort()).isEqualTo(6380);
		assertThat(factory.getClientConfiguration().isUseSsl()).isTrue();
		assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(TIMEOUT);
	}

	@Test
	void clusterNodesMakeAClusterConnection() {
		LettuceConnectionFactory factory = RedisConnections.create(settings(null, List.of("a:7000", "b:7001")),
				TIMEOUT);

		assertThat(factory.getClusterConfiguration()).isNotNull();
		assertThat(factory.getClusterConfiguration()).extracting(RedisClusterConfiguration::getClusterNodes)
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION)
			.hasSize(2);
	}

	@Test
	void sentinelAndSslBundlesAreRefusedByName() {
		RedisSettings sentinel = new RedisSettings(null, "localhost", 6379, null, null, 0,
				new RedisSettings.Ssl(false, null), null, new RedisSettings.Cluster(List.of()),
				new RedisSettings.Sentinel("mymaster"));
		RedisSettings bundle = new RedisSettings(null, "localhost", 6379, null, null, 0,
				new RedisSettings.Ssl(true, "azure"), null, new RedisSettings.Cluster(List.of()),
				new RedisSettings.Sentinel(null));

		assertThat(catchThrowableOfType(InvalidSettingException.class, () -> RedisConnections.create(sentinel, TIMEOUT))
			.setting()).isEqualTo("spring.data.redis.sentinel.master");
		assertThat(catchThrowableOfType(InvalidSettingException.class, () -> RedisConnections.create(bundle, TIMEOUT))
			.setting()).isEqualTo("spring.data.redis.ssl.bundle");
	}

	private static RedisSettings settings(String url, List<String> clusterNodes) {
		return new RedisSettings(url, "localhost", 6379, null, null, 0, new RedisSettings.Ssl(false, null), null,
				new RedisSettings.Cluster(clusterNodes), new RedisSettings.Sentinel(null));
	}

}
