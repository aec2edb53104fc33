package dev.beacon.local.upstreamclient;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Runs each connection's upstream calls one after another, in the order they were
 * submitted, on virtual threads; calls of different connections run at once, so a slow
 * upstream never holds up other clients. On shutdown it holds the web server up until
 * every queued call has run: the upstream is usually Beacon itself.
 */
public final class ConnectionQueues implements SmartLifecycle {

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * Queues a call behind the connection's earlier ones. A call that fails does not stop
	 * the ones after it.
	 * @param connectionId the connection
	 * @param call the call, which handles its own failures
	 */
	public void submit(String connectionId, Runnable call) {
		this.lanes.compute(connectionId, (id, existing) -> {
			Lane lane = (existing != null) ? existing : new Lane();
			lane.tail = lane.tail.exceptionally((ex) -> null).thenRunAsync(call, this.executor);
			return lane;
		});
	}

	/**
	 * Queues a call behind the connection's earlier ones once fewer than {@code limit} of
	 * the calls submitted this way wait or run, waiting for room at most {@code wait}:
	 * the caller (the thread reading the client) is held meanwhile, so a client sending
	 * faster than its calls are taken is slowed down rather than buffered without end.
	 * @param connectionId the connection
	 * @param limit the most such calls of the connection queued or running at once
	 * @param wait how long to wait for room
	 * @param call the call, which handles its own failures
	 * @return whether the call was queued
	 */
	public boolean submit(String connectionId, int limit, Duration wait, Runnable call) {
		Semaphore room = this.lanes.computeIfAbsent(connectionId, (id) -> new Lane()).room(limit);
		try {
			if (!room.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		submit(connectionId, () -> {
			try {
				call.run();
			}
			finally {
				room.release();
			}
		});
		return true;
	}

	/**
	 * Forgets the connection once its queued calls are done; it submits nothing more.
	 * @param connectionId the connection
	 */
	public void finish(String connectionId) {
		Lane lane = this.lanes.get(connectionId);
		if (lane != null) {
			CompletableFuture<Void> tail = lane.tail;
			tail.whenComplete((ignored, ex) -> this.lanes.computeIfPresent(connectionId,
					(id, current) -> (current.tail == tail) ? null : current));
		}
	}

	/**
	 * Runs the callback once no call is queued or running, calls submitted meanwhile
	 * included.
	 * @param callback what to run
	 */
	public void whenIdle(Runnable callback) {
		CompletableFuture<?>[] pending = this.lanes.values()
			.stream()
			.map((lane) -> lane.tail)
			.filter((tail) -> !tail.isDone())
			.toArray(CompletableFuture[]::new);
		if (pending.length == 0) {
			callback.run();
			return;
		}
		CompletableFuture.allOf(pending).whenComplete((ignored, ex) -> whenIdle(callback));
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Reports stopped once every queued call has run (posted, or failed and counted as
	 * lost); Spring waits up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
	 */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		whenIdle(callback);
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * After the local service's own lifecycle, whose Close to every client queues their
	 * {@code disconnected} events, and before the web server's graceful shutdown. That
	 * first pauses Tomcat's connector, which then closes new and pooled keep-alive
	 * connections without reading them: calls still queued failed with "HTTP/1.1 header
	 * parser received no bytes", or a refused connect once the server socket was closed.
	 */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

	/** One connection's calls: the last one queued, and the room for limited ones. */
	private static final class Lane {

		volatile CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

		private volatile @Nullable Semaphore room;

		Semaphore room(int limit) {
			Semaphore current = this.room;
			if (current == null) {
				synchronized (this) {
					current = this.room;
					if (current == null) {
						current = new Semaphore(limit);
						this.room = current;
					}
				}
			}
			return current;
		}

	}

}
