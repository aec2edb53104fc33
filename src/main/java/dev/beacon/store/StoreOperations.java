package dev.beacon.store;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.beacon.system.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Runs store calls with a timer per operation and outcome
 * ({@code beacon.store.operations}), and turns a store failure into
 * {@link StoreUnavailableException}, the one way a store outage reaches the callers. A
 * fault is logged once as a WARN naming it, and once when the store answers again (for a
 * store that refuses only writes, when a refused operation succeeds). With Redis, each
 * call is a client span in the caller's trace ({@code redis status.record};
 * {@code db.system.name=redis}, {@code beacon.store.operation}): one per Beacon
 * operation, a script or a pipeline, never its keys, values or arguments.
 */
public final class StoreOperations {

	private static final Log logger = LogFactory.getLog(StoreOperations.class);

	private final MeterRegistry meterRegistry;

	private final Meters meters;

	private final String type;

	private final AtomicReference<@Nullable Fault> fault = new AtomicReference<>();

	private final Tracer tracer;

	public StoreOperations(MeterRegistry meterRegistry, StoreProperties properties, Tracer tracer) {
		this.meterRegistry = meterRegistry;
		this.meters = new Meters(meterRegistry);
		this.type = properties.type().name().toLowerCase(java.util.Locale.ROOT);
		this.tracer = properties.isRedis() ? tracer : Tracer.NOOP;
	}

	public <T> T call(String operation, Supplier<T> call) {
		Timer.Sample sample = Timer.start(this.meterRegistry);
		Span span = this.tracer.spanBuilder().kind(Span.Kind.CLIENT).name(this.type).start();
		if (!span.isNoop()) {
			span.name(this.type + " " + operation)
				.tag("db.system.name", this.type)
				.tag("beacon.store.operation", operation);
		}
		String outcome = "error";
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			T result = call.get();
			outcome = "success";
			if (this.fault.get() != null) {
				recovered(operation);
			}
			return result;
		}
		catch (DataAccessException ex) {
			failed(operation, ex);
			StoreUnavailableException failure = new StoreUnavailableException(operation, ex);
			if (!span.isNoop()) {
				span.tag("error.type", ex.getClass().getName());
				span.error(failure);
			}
			throw failure;
		}
		finally {
			sample.stop(this.meters.timer("beacon.store.operations", "store", this.type, "operation", operation,
					"outcome", outcome));
			span.end();
		}
	}

	// Once when the store starts failing (or fails differently) and once when it answers
	// again: an outage is one story in the log, not a line per request or tick
	private void failed(String operation, DataAccessException ex) {
		String description = StoreFault.describe(ex);
		Fault before = this.fault.getAndUpdate(
				(fault) -> (fault != null && fault.description().equals(description)) ? fault.alsoFailed(operation)
						: new Fault(description, StoreFault.refusesWritesOnly(ex), Set.of(operation)));
		if (before == null || !before.description().equals(description)) {
			logger.warn("The shared store (Redis) " + StoreFault.detailed(ex)
					+ "; calls that need it answer 503 until it recovers");
		}
	}

	private void recovered(String operation) {
		Fault fault = this.fault.get();
		// A store out of memory or read-only still answers reads: only an operation that
		// was refused, succeeding, shows it takes writes again
		if (fault == null || (fault.writesOnly() && !fault.operations().contains(operation))) {
			return;
		}
		if (this.fault.compareAndSet(fault, null)) {
			logger.warn("The shared store (Redis) answers again");
		}
	}

	/** What is wrong with the store now, or null when it answers. */
	public @Nullable String fault() {
		Fault fault = this.fault.get();
		return (fault != null) ? fault.description() : null;
	}

	/**
	 * A fault, and the operations it refused.
	 *
	 * @param description what is wrong, for callers
	 * @param writesOnly whether the store still answers reads (out of memory, read-only)
	 * @param operations the operations that failed with it
	 */
	private record Fault(String description, boolean writesOnly, Set<String> operations) {

		Fault alsoFailed(String operation) {
			if (this.operations.contains(operation)) {
				return this;
			}
			Set<String> operations = new HashSet<>(this.operations);
			operations.add(operation);
			return new Fault(this.description, this.writesOnly, Set.copyOf(operations));
		}

	}

	public void run(String operation, Runnable call) {
		call(operation, () -> {
			call.run();
			return null;
		});
	}

}
