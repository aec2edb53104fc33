package dev.beacon.store;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Runs store calls with a timer per operation and outcome
 * ({@code beacon.store.operations}), and turns a store failure into
 * {@link StoreUnavailableException}, the one way a store outage reaches the callers. A
 * fault is logged once as a WARN naming it, and once when the store answers again.
 */
public final class StoreOperations {

	private static final Log logger = LogFactory.getLog(StoreOperations.class);

	private final MeterRegistry meterRegistry;

	private final String type;

	private final AtomicReference<@Nullable String> fault = new AtomicReference<>();

	public StoreOperations(MeterRegistry meterRegistry, StoreProperties properties) {
		this.meterRegistry = meterRegistry;
		this.type = properties.type().name().toLowerCase(java.util.Locale.ROOT);
	}

	public <T> T call(String operation, Supplier<T> call) {
		Timer.Sample sample = Timer.start(this.meterRegistry);
		String outcome = "error";
		try {
			T result = call.get();
			outcome = "success";
			if (this.fault.get() != null) {
				recovered();
			}
			return result;
		}
		catch (DataAccessException ex) {
			failed(ex);
			throw new StoreUnavailableException(operation, ex);
		}
		finally {
			sample.stop(this.meterRegistry.timer("beacon.store.operations", "store", this.type, "operation", operation,
					"outcome", outcome));
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
