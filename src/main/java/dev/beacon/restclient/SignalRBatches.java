package dev.beacon.restclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.beacon.endpoint.SignalRProperties;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;

/**
 * Many calls of the {@link SignalRClient} as one batch: checked before any goes out, then
 * run concurrently on virtual threads within the batches' share of the bulkhead (half of
 * {@code max-concurrent-requests}; see {@link Bulkhead}). A batch runs at most that many
 * calls at once; each waits for room rather than being refused, until the batch's
 * deadline ({@code beacon.signalr.retry.deadline} from its start), after which a call
 * still goes out if there is room at once and is refused (503) if not. A call that
 * started runs to its own end, so a batch answers within about two deadlines whatever the
 * service does.
 */
public final class SignalRBatches {

	private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

	/** The deadline, in {@link System#nanoTime()}, of the batch the thread works for. */
	static final ScopedValue<Long> DEADLINE = ScopedValue.newInstance();

	private final int concurrency;

	private final Duration deadline;

	private final RestApiRequests requests;

	public SignalRBatches(SignalRProperties properties) {
		this.concurrency = Bulkhead.batchShare(properties.maxConcurrentRequests());
		this.deadline = properties.retry().deadline();
		this.requests = new RestApiRequests(properties.application(), ApiVersion.of(properties.apiVersion()));
	}

	/** How many calls one batch runs at once, at most. */
	public int concurrency() {
		return this.concurrency;
	}

	/**
	 * Checks a send as the client will before it goes out, sending nothing: the names
	 * with the service's rules, and the length of the URL.
	 * @param hub the hub
	 * @param userId the user, for a send to a user
	 * @param group the group, for a send to a group
	 * @param connectionId the connection, for a send to a connection
	 * @param excluded connections to skip (a broadcast or a group)
	 * @throws dev.beacon.protocol.InvalidNameException when a name is not valid
	 * @throws RequestTooLongException when the URL would be too long
	 */
	public void checkSend(String hub, @Nullable String userId, @Nullable String group, @Nullable String connectionId,
			List<String> excluded) {
		byte[] body = new byte[0];
		if (userId != null) {
			this.requests.sendToUser(hub, userId, body);
		}
		else if (group != null) {
			this.requests.sendToGroup(hub, group, body, excluded);
		}
		else if (connectionId != null) {
			this.requests.sendToConnection(hub, connectionId, body);
		}
		else {
			this.requests.sendToAll(hub, body, excluded);
		}
	}

	/**
	 * Runs {@code task(0)} to {@code task(count - 1)}, at most {@link #concurrency()} at
	 * once, and waits for all of them.
	 * @param <T> what a task answers
	 * @param count how many tasks
	 * @param task makes the calls of one item and answers its outcome; expected not to
	 * throw
	 * @return the answers, in order
	 */
	public <T> List<T> run(int count, IntFunction<T> task) {
		long deadline = System.nanoTime() + this.deadline.toNanos();
		Object[] results = new Object[count];
		AtomicInteger next = new AtomicInteger();
		// The workers carry the request's observation, so each item's REST span is in its
		// trace.
		Runnable worker = CONTEXT.captureAll().wrap(() -> ScopedValue.where(DEADLINE, deadline).run(() -> {
			for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
				results[i] = task.apply(i);
			}
		}));
		List<Future<?>> workers = new ArrayList<>();
		try (ExecutorService threads = Executors
			.newThreadPerTaskExecutor(Thread.ofVirtual().name("beacon-batch-", 0).factory())) {
			for (int w = 0; w < Math.min(count, this.concurrency); w++) {
				workers.add(threads.submit(worker));
			}
		}
		for (Future<?> done : workers) {
			rethrowFailure(done);
		}
		@SuppressWarnings("unchecked")
		List<T> answers = (List<T>) Arrays.asList(results);
		return answers;
	}

	private static void rethrowFailure(Future<?> done) {
		try {
			done.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("A batch task failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a batch", ex);
		}
	}

	/** The deadline of the batch the current thread works for, if it works for one. */
	static OptionalLong deadline() {
		return DEADLINE.isBound() ? OptionalLong.of(DEADLINE.get()) : OptionalLong.empty();
	}

}
