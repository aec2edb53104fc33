package dev.beacon.store;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.dao.DataAccessException;

/**
 * Runs store calls with a timer per operation and outcome
 * ({@code beacon.store.operations}), and turns a store failure into
 * {@link StoreUnavailableException}, the one way a store outage reaches the callers.
 */
public final class StoreOperations {

	private final MeterRegistry meterRegistry;

	private final String type;

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
			return result;
		}
		catch (DataAccessException ex) {
			throw new StoreUnavailableException(operation, ex);
		}
		finally {
			sample.stop(this.meterRegistry.timer("beacon.store.operations", "store", this.type, "operation", operation,
					"outcome", outcome));
		}
	}

	public void run(String operation, Runnable call) {
		call(operation, () -> {
			call.run();
			return null;
		});
	}

}
