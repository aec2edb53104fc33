package dev.beacon.support;

import java.util.stream.Stream;

import dev.beacon.BeaconApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Beacon started in this JVM on a free port, quiet and without the scheduled
 * broadcast, with the test's own settings on top.
 */
public final class Beacons {

	private Beacons() {
	}

	public static ConfigurableApplicationContext start(String... arguments) {
		return new SpringApplicationBuilder(BeaconApplication.class).run(
				Stream
					.concat(Stream.of("--server.port=0", "--beacon.status.broadcast-interval=0",
							"--logging.level.root=WARN"), Stream.of(arguments))
					.toArray(String[]::new));
	}

}
