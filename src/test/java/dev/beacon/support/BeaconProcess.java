package dev.beacon.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One Beacon in a JVM of its own, started from the runtime class path (and the tests' AOT
 * cache, {@link ReplicaAotCache}) with the settings of a deployment as command-line
 * arguments, on a free port; its output goes to {@code target/replicas/<name>.log}. For
 * tests where replicas must be separate processes (a replica killed with {@code kill -9},
 * say).
 */
public final class BeaconProcess implements AutoCloseable {

	static final Path LOGS = Path.of("target/replicas");

	/**
	 * C1 only: tests start many short-lived replicas, and C2's compiling would slow them;
	 * the image's collector, which also spends less CPU starting.
	 */
	private static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	/** Written by the build (pom.xml): the jars the application ships with. */
	private static final Path RUNTIME_CLASS_PATH = Path.of("target/runtime-classpath.txt");

	private final String name;

	private final Process process;

	private final int port;

	private BeaconProcess(String name, Process process, int port) {
		this.name = name;
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a Beacon and waits until its liveness probe answers UP.
	 * @param name the replica's name, for its log
	 * @param settings {@code --name=value} arguments
	 * @return the running Beacon
	 * @throws Exception if it does not come up within 60 s
	 */
	public static BeaconProcess start(String name, List<String> settings) throws Exception {
		return start(name, freePort(), settings);
	}

	/**
	 * Starts several Beacons at once, as a deployment's replicas start, and waits until
	 * each is up: their start-ups overlap instead of adding up.
	 * @param settingsByName each replica's {@code --name=value} arguments, by its name
	 * @return the running Beacons, in the map's order
	 * @throws Exception if one does not come up within 60 s (the others are stopped)
	 */
	public static List<BeaconProcess> startTogether(SequencedMap<String, List<String>> settingsByName)
			throws Exception {
		return startTogether(settingsByName, (name) -> TEST_JVM_OPTIONS);
	}

	/**
	 * Starts several Beacons at once with JVM options of the caller's choosing, per
	 * replica (benchmarks: a GC log each).
	 * @param settingsByName each replica's {@code --name=value} arguments, by its name
	 * @param jvmOptions each replica's options for {@code java}, from its name
	 * @return the running Beacons, in the map's order
	 * @throws Exception if one does not come up within 60 s (the others are stopped)
	 */
	public static List<BeaconProcess> startTogether(SequencedMap<String, List<String>> settingsByName,
			Function<String, List<String>> jvmOptions) throws Exception {
		List<Future<BeaconProcess>> starting = new ArrayList<>();
		try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
			settingsByName.forEach((name, settings) -> starting
				.add(starter.submit(() -> start(name, freePort(), jvmOptions.apply(name), settings))));
		}
		List<BeaconProcess> started = new ArrayList<>();
		Exception failure = null;
		for (Future<BeaconProcess> replica : starting) {
			try {
				started.add(replica.get());
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			}
		}
		if (failure != null) {
			for (BeaconProcess replica : started) {
				replica.close();
			}
			throw failure;
		}
		return started;
	}

	/** Starts on a given port: a replica restarted where its clients knew it. */
	public static BeaconProcess start(String name, int port, List<String> settings) throws Exception {
		return start(name, port, TEST_JVM_OPTIONS, settings);
	}

	/**
	 * Starts with JVM options of the caller's choosing instead of the tests' C1-only
	 * default: benchmarks measure a replica compiled as in production, with a heap
	 * setting.
	 * @param name the replica's name, for its log
	 * @param jvmOptions options for {@code java}, before the main class; a {@code -cp}
	 * among them replaces the tests' class path (an earlier build's classes, say)
	 * @param settings {@code --name=value} arguments
	 * @return the running Beacon
	 */
	public static BeaconProcess start(String name, List<String> jvmOptions, List<String> settings) throws Exception {
		return start(name, freePort(), jvmOptions, settings);
	}

	private static BeaconProcess start(String name, int port, List<String> jvmOptions, List<String> settings)
			throws Exception {
		Files.createDirectories(LOGS);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		// The tests' own processes start from the AOT cache; benchmarks choose their own
		List<String> cache = (jvmOptions == TEST_JVM_OPTIONS) ? ReplicaAotCache.options(TEST_JVM_OPTIONS, runtimeJars())
				: List.of();
		command.addAll(cache);
		if (!jvmOptions.contains("-cp") && !cache.contains("-cp")) {
			command.addAll(List.of("-cp", classPath()));
		}
		command.addAll(List.of("-Xss512k", "dev.beacon.BeaconApplication", "--server.port=" + port,
				"--spring.application.name=" + name, "--logging.level.root=WARN"));
		command.addAll(settings);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve(name + ".log").toFile()))
			.start();
		BeaconProcess beacon = new BeaconProcess(name, process, port);
		try {
			ContainerImage.awaitUp(port);
		}
		catch (Throwable ex) {
			beacon.kill();
			throw new IllegalStateException(name + " did not start: " + beacon.log(), ex);
		}
		return beacon;
	}

	/**
	 * The main classes and the runtime jars, as the packaged application has them: not
	 * the test classes and test libraries, which cost each start time to scan and load.
	 * Without the build's list (a test run outside Maven), the test JVM's own class path.
	 */
	public static String classPath() throws IOException {
		String jars = runtimeJars();
		if (jars == null) {
			return System.getProperty("java.class.path");
		}
		String classes = Path.of("target/classes").toAbsolutePath().toString();
		return jars.isEmpty() ? classes : classes + File.pathSeparator + jars;
	}

	/** The runtime class path's jars as the build wrote them, or null without. */
	private static @Nullable String runtimeJars() throws IOException {
		return Files.isRegularFile(RUNTIME_CLASS_PATH) ? Files.readString(RUNTIME_CLASS_PATH).strip() : null;
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The operating system's process ID, for {@code /proc} and {@code jcmd}. */
	public long pid() {
		return this.process.pid();
	}

	public BeaconHttp http() {
		return new BeaconHttp(this.port);
	}

	public String log() {
		try {
			return Files.readString(LOGS.resolve(this.name + ".log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** {@code kill -9}: no shutdown hook, no goodbye to clients or Redis. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * {@code kill -STOP}: the process stops answering anyone (a long pause, a frozen
	 * container) until {@link #thaw}.
	 */
	public void freeze() throws IOException, InterruptedException {
		signal("-STOP");
	}

	/** {@code kill -CONT}: a frozen process runs on. */
	public void thaw() throws IOException, InterruptedException {
		signal("-CONT");
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill " + signal + " failed for " + this.name);
		}
	}

	/** SIGTERM, then waits for the graceful shutdown. */
	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(40, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
