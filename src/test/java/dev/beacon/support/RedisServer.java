package dev.beacon.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package; {@code .ci/run} installs it) on a free
 * port, with a data directory of its own and the append-only file on, so a restart keeps
 * every acknowledged write. Tests start it, may kill and restart it, and stop it after;
 * the directory is removed at the end.
 */
public final class RedisServer implements AutoCloseable {

	private static final Path BINARY = Path.of("/usr/bin/redis-server");

	private final int port;

	private final Path directory;

	private final String appendFsync;

	private Process process;

	private RedisServer(int port, Path directory, String appendFsync) {
		this.port = port;
		this.directory = directory;
		this.appendFsync = appendFsync;
	}

	/**
	 * Starts a server on a free port that syncs every write to disk before it answers
	 * ({@code appendfsync always}): an acknowledged write survives {@code kill -9}.
	 * @return the running server
	 */
	public static RedisServer start() {
		return start("always");
	}

	/**
	 * Starts a server on a free port.
	 * @param appendFsync {@code always}, or {@code everysec} as Redis and managed Redis
	 * services run by default (a crash may lose the last second)
	 * @return the running server
	 */
	public static RedisServer start(String appendFsync) {
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException(
					"redis-server is not installed: apt-get install redis-server (.ci/run installs it)");
		}
		try {
			RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("beacon-redis"), appendFsync);
			server.launch();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** The URL for {@code spring.data.redis.url}. */
	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * Ends the server at once, as a crash would ({@code kill -9}): nothing is flushed.
	 */
	public void kill() {
		this.process.destroyForcibly();
		waitFor(this.process);
	}

	/** Starts the server again on the same port and data directory. */
	public void restart() {
		if (this.process.isAlive()) {
			kill();
		}
		launch();
	}

	/**
	 * Sends one command and returns the raw RESP answer, for tests that look into the
	 * store directly.
	 * @param arguments the command and its arguments
	 * @return the answer as received
	 */
	public String command(String... arguments) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
			for (String argument : arguments) {
				byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
				request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[65536];
			int read = in.read(buffer);
			return (read > 0) ? new String(buffer, 0, read, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new IllegalStateException("redis-server on port " + this.port + " did not answer", ex);
		}
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			waitFor(this.process);
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// a temporary directory left behind is harmless
		}
	}

	private void launch() {
		List<String> command = List.of(BINARY.toString(), "--port", String.valueOf(this.port), "--bind", "127.0.0.1",
				"--dir", this.directory.toString(), "--appendonly", "yes", "--appendfsync", this.appendFsync, "--save",
				"", "--daemonize", "no", "--protected-mode", "yes");
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("redis-server could not be started", ex);
		}
		// command() throws IllegalStateException until it listens
		await("redis-server started on port " + this.port).atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.ignoreExceptionsInstanceOf(IllegalStateException.class)
			.until(() -> command("PING").startsWith("+PONG"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void waitFor(Process process) {
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
