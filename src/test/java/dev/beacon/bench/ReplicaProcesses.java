package dev.beacon.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

import dev.beacon.support.BeaconProcess;
import dev.beacon.support.RedisServer;

/**
 * Beacon processes for the benchmarks of local mode on several replicas: replicas
 * clustered on one {@code redis-server} and single replicas without Redis, each a JVM of
 * its own run as the image runs it (C2, the serial collector) with a bounded heap, its GC
 * log beside its output in {@code target/replicas}. {@link ProcessUsage} reads what they
 * used.
 */
final class ReplicaProcesses implements AutoCloseable {

	static final String API_KEY = "bench-cluster-key-0123456789abcdef0123456789";

	static final String ACCESS_KEY = "BENCHBENCHBENCHBENCHBENCHBENCHBENCHBENCH12";

	/** The image's collector and initial heap; a maximum instead of 75% of the host. */
	static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx2g");

	private final RedisServer redis = RedisServer.start("everysec");

	private final List<BeaconProcess> processes = Collections.synchronizedList(new ArrayList<>());

	RedisServer redis() {
		return this.redis;
	}

	/**
	 * Starts replicas at once (on two cores, a JVM starting alone leaves one idle).
	 * @param names each replica's name, its log's
	 * @param clustered whether on Redis, or each a single replica without it
	 * @param more further settings for each
	 * @return the replicas, in the order of the names
	 */
	List<BeaconProcess> start(List<String> names, boolean clustered, String... more) throws Exception {
		List<String> settings = new ArrayList<>(List.of("--beacon.api.keys=" + API_KEY,
				"--beacon.status.broadcast-interval=0", "--beacon.negotiate.user-id-source=easy-auth"));
		if (clustered) {
			settings.addAll(List.of("--beacon.store.type=redis", "--spring.data.redis.url=" + this.redis.url(),
					"--beacon.local.access-key=" + ACCESS_KEY));
		}
		settings.addAll(List.of(more));
		// -Dbench.settings adds settings to every replica, to try one
		String extra = System.getProperty("bench.settings", "");
		if (!extra.isBlank()) {
			settings.addAll(List.of(extra.trim().split("\\s+")));
		}
		SequencedMap<String, List<String>> replicas = new LinkedHashMap<>();
		names.forEach((name) -> replicas.put(name, settings));
		List<BeaconProcess> started = BeaconProcess.startTogether(replicas, (name) -> {
			List<String> jvm = new ArrayList<>(JVM);
			jvm.add("-Xlog:gc:file=" + Path.of("target/replicas/" + name + "-gc.log").toAbsolutePath());
			// -Dbench.jvm adds options to every replica, to try a setting:
			// -Dbench.jvm=-Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=2048
			String tried = System.getProperty("bench.jvm", "");
			if (!tried.isBlank()) {
				jvm.addAll(List.of(tried.trim().split("\\s+")));
			}
			return jvm;
		});
		this.processes.addAll(started);
		return started;
	}

	/**
	 * With {@code -Dbench.jfr=true}, starts a flight recording (profile settings) in each
	 * process, written to {@code target/replicas/<pid>.jfr} when they are closed.
	 */
	static void profile(List<BeaconProcess> processes) throws Exception {
		if (Boolean.getBoolean("bench.jfr")) {
			for (BeaconProcess process : processes) {
				ProcessUsage.jcmd(process, "JFR.start", "name=bench", "settings=profile",
						"filename=" + Path.of("target/replicas/" + process.pid() + ".jfr").toAbsolutePath());
			}
		}
	}

	@Override
	public void close() throws Exception {
		for (BeaconProcess process : this.processes) {
			if (Boolean.getBoolean("bench.jfr") && process.isAlive()) {
				ProcessUsage.jcmd(process, "JFR.stop", "name=bench");
			}
			process.kill();
		}
		this.redis.close();
	}

}
