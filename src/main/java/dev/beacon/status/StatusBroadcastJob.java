package dev.beacon.status;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.beacon.store.Replica;
import dev.beacon.system.TracedTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.DefaultScheduledTaskObservationConvention;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.scheduling.support.ScheduledTaskObservationDocumentation;
import org.springframework.util.ReflectionUtils;

/**
 * Re-broadcasts the current status every {@code beacon.status.broadcast-interval} (the
 * seeds' timer function), so clients that joined late see it. Ticks fall on wall-clock
 * multiples of the interval, the same instants on every replica, and the
 * {@link BroadcastGate} lets one replica run each tick: one broadcast per interval
 * however many replicas run. The next tick is planned after the last one ended, so ticks
 * never pile up during an outage. A failure is logged and counted, never thrown into the
 * scheduler. Each tick is observed as Spring observes {@code @Scheduled} methods (a
 * trigger task is not): {@code tasks.scheduled.execution}, a trace of its own whose REST
 * call is its child.
 */
class StatusBroadcastJob implements SchedulingConfigurer, TracedTask {

	private static final Log logger = LogFactory.getLog(StatusBroadcastJob.class);

	private static final Method TICK = Objects
		.requireNonNull(ReflectionUtils.findMethod(StatusBroadcastJob.class, "tick"), "StatusBroadcastJob.tick()");

	private static final DefaultScheduledTaskObservationConvention CONVENTION = new DefaultScheduledTaskObservationConvention();

	private final StatusService statusService;

	private final BroadcastGate gate;

	private final Duration interval;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private final String replica;

	StatusBroadcastJob(StatusService statusService, BroadcastGate gate, StatusProperties properties, Clock clock,
			MeterRegistry meterRegistry, Replica replica) {
		this.statusService = statusService;
		this.gate = gate;
		this.interval = properties.broadcastInterval();
		this.clock = clock;
		this.meterRegistry = meterRegistry;
		this.replica = replica.name();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (!this.interval.isZero()) {
			// The registry is read at each tick: every configurer, Spring Boot's that
			// sets
			// it among them, has run by then.
			registrar.addTriggerTask(() -> observedTick(registrar.getObservationRegistry()), trigger());
		}
	}

	private void observedTick(@Nullable ObservationRegistry registry) {
		ScheduledTaskObservationContext context = new ScheduledTaskObservationContext(this, TICK);
		Observation observation = ScheduledTaskObservationDocumentation.TASKS_SCHEDULED_EXECUTION
			.observation(null, CONVENTION, () -> context, (registry != null) ? registry : ObservationRegistry.NOOP)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			tick();
			context.setComplete(true);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	Trigger trigger() {
		return (context) -> nextTick(this.clock.instant());
	}

	/** The first interval boundary after {@code now}. */
	Instant nextTick(Instant now) {
		long millis = this.interval.toMillis();
		return Instant.ofEpochMilli((Math.floorDiv(now.toEpochMilli(), millis) + 1) * millis);
	}

	/** Runs the tick that has just come, if this replica is the one to. */
	void tick() {
		long millis = this.interval.toMillis();
		Instant tick = Instant.ofEpochMilli(Math.floorDiv(this.clock.millis() + millis / 2, millis) * millis);
		if (!this.gate.runOnce(tick, this::broadcast)) {
			this.meterRegistry.counter("beacon.status.broadcast.skipped", "replica", this.replica).increment();
		}
	}

	void broadcast() {
		try {
			this.statusService.rebroadcastCurrent();
			this.meterRegistry.counter("beacon.status.broadcast.runs", "replica", this.replica).increment();
		}
		catch (RuntimeException ex) {
			this.meterRegistry.counter("beacon.status.broadcast.failures", "replica", this.replica).increment();
			logger.warn("Scheduled status broadcast failed; the next tick tries again: " + ex.getMessage());
		}
	}

}
