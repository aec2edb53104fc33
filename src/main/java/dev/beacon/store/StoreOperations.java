package dev.beacon.store;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.dao.DataAccessException;

/**
 * Runs store calls with a timer per operation and outcome
 * ({@code beacon.store.operations}), and turns a store failure into
 * {@link StoreUnavailableException}, the one way a store outage reaches the callers. With
 * Redis, each call is a client span in the caller's trace ({@code redis status.record};
 * {@code db.system.name=redis}, {@code beacon.store.operation}): one per Beacon
 * operation, a script or a pipeline, never its keys, values or arguments.
 */
public final class StoreOperations {

	private final MeterRegistry meterRegistry;

	private final String type;

	private final Tracer tracer;

	public StoreOperations(MeterRegistry meterRegistry, StoreProperties properties, Tracer tracer) {
		this.meterRegistry = meterRegistry;
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
			return result;
		}
		catch (DataAccessException ex) {
			StoreUnavailableException failure = new StoreUnavailableException(operation, ex);
			if (!span.isNoop()) {
				span.tag("error.type", ex.getClass().getName());
				span.error(failure);
			}
			throw failure;
		}
		finally {
			sample.stop(this.meterRegistry.timer("beacon.store.operations", "store", this.type, "operation", operation,
					"outcome", outcome));
			span.end();
		}
	}

	public void run(String operation, Runnable call) {
		call(operation, () -> {
			call.run();
			return null;
		});
	}

}
