package dev.beacon.store;

import java.net.http.HttpResponse;

import dev.beacon.BeaconApplication;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.RedisServer;
import dev.beacon.system.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * How the store shows at startup and in health: Redis without API keys refuses to start
 * naming the setting; the {@code store} health component says which store is in use and
 * whether it answers, outside the liveness and readiness probes.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreStartupTests {

	@Test
	void redisWithoutApiKeysRefusesToStartNamingTheSetting(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class)
			.run("--server.port=0", "--beacon.store.type=redis", "--spring.data.redis.url=redis://127.0.0.1:1")
			.close());

		assertThat(failure).rootCause().isInstanceOf(InvalidSettingException.class);
		assertThat(output).contains("Invalid setting beacon.api.keys").contains("BEACON_API_KEYS");
	}

	@Test
	void aRedisUrlThatIsNotOneRefusesToStartNamingTheSettingWithoutThePassword(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class)
			.run("--server.port=0", "--beacon.api.keys=" + API_KEY, "--beacon.store.type=redis",
					"--spring.data.redis.url=https://:s3cret@cache.example:6380")
			.close());

		assertThat(failure).rootCause().isInstanceOf(InvalidSettingException.class);
		assertThat(output).contains("Invalid setting spring.data.redis.url").doesNotContain("s3cret");
	}

	@Test
	void localModeOnRedisWithoutAnAccessKeyRefusesToStartNamingBothSettings(CapturedOutput output) {
		try (RedisServer redis = RedisServer.start()) {
			Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class)
				.run("--server.port=0", "--beacon.api.keys=" + API_KEY, "--beacon.store.type=redis",
						"--spring.data.redis.url=" + redis.url())
				.close());

			assertThat(failure).rootCause().isInstanceOf(InvalidSettingException.class);
			assertThat(output).contains("Invalid setting beacon.local.access-key").contains("beacon.api.keys");
		}
	}

	@Test
	void localModeOnARedisClusterRefusesToStartNamingTheSetting(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class)
			.run("--server.port=0", "--beacon.api.keys=" + API_KEY, "--beacon.store.type=redis",
					"--beacon.local.access-key=STORESTORESTORESTORESTORESTORESTORESTORE1234",
					"--spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001")
			.close());

		assertThat(failure).rootCause().isInstanceOf(InvalidSettingException.class);
		assertThat(output).contains("Invalid setting spring.data.redis.cluster.nodes")
			.contains("not a Redis Cluster")
			.doesNotContain("STORESTORE");
	}

	@Test
	void anUnknownStoreTypeRefusesToStart(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class)
			.run("--server.port=0", "--beacon.store.type=cassandra")
			.close());

		assertThat(failure).isNotNull();
		assertThat(output).contains("beacon.store.type");
	}

	@Test
	void healthShowsTheMemoryStoreByDefaultAndNoRedisClientStarts() {
		try (ConfigurableApplicationContext beacon = start("--beacon.api.keys=" + API_KEY)) {
			assertThat(beacon.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
			JsonNode store = store(beacon, API_KEY);
			assertThat(store.path("status").asString()).isEqualTo("UP");
			assertThat(store.path("details").path("type").asString()).isEqualTo("memory");
		}
	}

	@Test
	void healthShowsWhetherRedisAnswersWithoutTakingTheProbesDown() {
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext beacon = start("--beacon.api.keys=" + API_KEY,
						"--beacon.store.type=redis",
						"--beacon.local.access-key=STORESTORESTORESTORESTORESTORESTORESTORE1234",
						"--spring.data.redis.url=" + redis.url(), "--beacon.store.timeout=500ms")) {
			assertThat(store(beacon, API_KEY).path("status").asString()).isEqualTo("UP");
			assertThat(store(beacon, API_KEY).path("details").path("type").asString()).isEqualTo("redis");

			redis.kill();

			JsonNode down = store(beacon, API_KEY);
			assertThat(down.path("status").asString()).isEqualTo("DOWN");
			assertThat(down.path("details").path("error").asString()).containsAnyOf("cannot be reached",
					"did not answer");
			BeaconHttp http = http(beacon);
			assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		}
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		String[] all = new String[arguments.length + 2];
		all[0] = "--server.port=0";
		all[1] = "--beacon.status.broadcast-interval=0";
		System.arraycopy(arguments, 0, all, 2, arguments.length);
		return new SpringApplicationBuilder(BeaconApplication.class).run(all);
	}

	private static BeaconHttp http(ConfigurableApplicationContext beacon) {
		return new BeaconHttp(((WebServerApplicationContext) beacon).getWebServer().getPort());
	}

	private static JsonNode store(ConfigurableApplicationContext beacon, String apiKey) {
		BeaconHttp http = http(beacon);
		HttpResponse<String> health = http.send(http.request("/actuator/health").header("X-API-Key", apiKey).GET());
		return BeaconHttp.json(health).path("components").path("store");
	}

}
