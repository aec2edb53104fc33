package dev.beacon.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.beacon.local.client.PendingConnections;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.upstreamclient.ConnectionQueues;
import dev.beacon.protocol.HubProtocol;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps connections alive and honest: a Ping to clients sent nothing for the keep-alive
 * interval, Close for clients silent past the client timeout, cleanup of closed
 * connections, expired user-group memberships and unfollowed negotiations. On shutdown,
 * the replica takes no new connections and every client gets a Close (with reconnect
 * allowed), spread over {@code beacon.local.drain-window}, before the web server stops;
 * the {@code disconnected} events this queues are posted before the web server stops (see
 * {@link ConnectionQueues}).
 */
final class LocalLifecycle implements SmartLifecycle {

	private final LocalHubs hubs;

	private final ConnectionDispatcher dispatcher;

	private final PendingConnections pending;

	private final long keepAliveNanos;

	private final long clientTimeoutNanos;

	private final Duration drainWindow;

	/** Longer than a send may block (the WebSocket send time limit). */
	private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

	private volatile boolean running;

	LocalLifecycle(LocalHubs hubs, ConnectionDispatcher dispatcher, PendingConnections pending,
			LocalProperties properties, Duration drainWindow) {
		this.hubs = hubs;
		this.dispatcher = dispatcher;
		this.pending = pending;
		this.keepAliveNanos = properties.keepAliveInterval().toNanos();
		this.clientTimeoutNanos = properties.clientTimeout().toNanos();
		this.drainWindow = drainWindow;
	}

	@Scheduled(fixedDelay = 1000)
	void tick() {
		long now = System.nanoTime();
		for (LocalConnection connection : List.copyOf(this.hubs.all())) {
			if (connection.isClosed()) {
				continue;
			}
			if (connection.nanosSinceReceived(now) >= this.clientTimeoutNanos) {
				this.dispatcher.close(connection, "Server timeout elapsed without receiving a message from the client.",
						true);
			}
			else if (connection.protocol() instanceof HubProtocol protocol
					&& connection.nanosSinceSent(now) >= this.keepAliveNanos) {
				connection.send(protocol.ping());
			}
		}
		this.hubs.sweep();
		this.pending.expire(now);
	}

	@Override
	public void start() {
		this.hubs.resume();
		this.running = true;
	}

	/**
	 * Drains: no new connections from now on, then every client is told to reconnect
	 * (Close with {@code allowReconnect}), spread evenly over the drain window so the
	 * other replicas are not stormed by all of them at once.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.hubs.drain();
		List<LocalConnection> connections = List.copyOf(this.hubs.all());
		long windowNanos = this.drainWindow.toNanos();
		long start = System.nanoTime();
		for (int i = 0; i < connections.size(); i++) {
			long due = start + windowNanos * i / connections.size();
			long wait = due - System.nanoTime();
			if (wait > 0) {
				sleep(wait);
			}
			this.dispatcher.close(connections.get(i), "Server is shutting down.", true);
		}
		// The Close messages are written by the connections' own writers: wait for them
		// (each bounded by the send time limit) before the web server stops
		try {
			CompletableFuture
				.allOf(connections.stream().map(LocalConnection::flushed).toArray(CompletableFuture[]::new))
				.get(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// A client that takes nothing is closed by Tomcat
		}
	}

	private static void sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the web server, so the Close messages still go out. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
