package dev.beacon.store;

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
 * fault is logged once as a WARN naming it, and once when the store answers again. With
 * Redis, each call is a client span in the caller's trace ({@code redis status.record};
 * {@code db.system.name=redis}, {@code beacon.store.operation}): one per Beacon
 * operation, a script or a pipeline, never its keys, values or arguments.
 */
public final class StoreOperations {

	private static final Log logger = LogFactory.getLog(StoreOperations.class);

	private final MeterRegistry meterRegistry;

	private final Meters meters;

	private final String type;

	private final AtomicReference<@Nullable String> fault = new AtomicReference<>();

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
				recovered();
			}
			return result;
		}
		catch (DataAccessException ex) {
			failed(ex);
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
	private void failed(DataAccessException ex) {
		String fault = StoreFault.describe(ex);
		if (!fault.equals(this.fault.getAndSet(fault))) {
			logger.warn("The shared store (Redis) " + StoreFault.detailed(ex)
					+ "; calls that need it answer 503 until it recovers");
		}
	}

	private void recovered() {
		if (this.fault.getAndSet(null) != null) {
			logger.warn("The shared store (Redis) answers again");
		}
	}

	/** What is wrong with the store now, or null when its last call succeeded. */
	public @Nullable String fault() {
		return this.fault.get();
	}

	public void run(String operation, Runnable call) {
		call(operation, () -> {
			call.run();
			return null;
		});
	}

}
