package dev.beacon.support;

import java.util.ArrayList;
import java.util.List;

import dev.beacon.BeaconApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Beacon replicas in Azure mode sharing one real {@code redis-server} and one fake
 * SignalR Service, as Container Apps runs them. Settings are command-line arguments: they
 * win over application.yml, as a deployment's do.
 */
public final class Replicas {

	private Replicas() {
	}

	/**
	 * Starts one replica on a free port with the Redis store and no publish retries.
	 * @param name its application name
	 * @param redis the shared Redis
	 * @param service the shared SignalR Service
	 * @param apiKey the API key the tests publish with
	 * @param settings the test's own settings, as {@code --name=value}
	 * @return the running replica
	 */
	public static ConfigurableApplicationContext start(String name, RedisServer redis, FakeSignalRService service,
			String apiKey, String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.application.name=" + name,
				"--beacon.signalr.connection-string=" + service.connectionString(), "--beacon.api.keys=" + apiKey,
				"--beacon.store.type=redis", "--spring.data.redis.url=" + redis.url(),
				"--beacon.signalr.retry.max-retries=0", "--logging.level.root=WARN"));
		arguments.addAll(List.of(settings));
		return new SpringApplicationBuilder(BeaconApplication.class).run(arguments.toArray(String[]::new));
	}

	/**
	 * Closes the replicas still running, then Redis; any may be null (a failed start).
	 */
	public static void stop(RedisServer redis, ConfigurableApplicationContext... replicas) {
		for (ConfigurableApplicationContext replica : replicas) {
			if (replica != null && replica.isActive()) {
				replica.close();
			}
		}
		if (redis != null) {
			redis.close();
		}
	}

}
