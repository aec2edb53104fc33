package dev.beacon.status;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Re-broadcasts the current status every {@code beacon.status.broadcast-interval} (the
 * seeds' timer function), so clients that joined late see it. Fixed delay, not fixed
 * rate: during an outage ticks never pile up, and the next one simply tries again. A
 * failure is logged and counted, never thrown into the scheduler.
 */
@Component
class StatusBroadcastJob implements SchedulingConfigurer {

	private static final Log logger = LogFactory.getLog(StatusBroadcastJob.class);

	private final StatusService statusService;

	private final Duration interval;

	private final MeterRegistry meterRegistry;

	StatusBroadcastJob(StatusService statusService, StatusProperties properties, MeterRegistry meterRegistry) {
		this.statusService = statusService;
		this.interval = properties.broadcastInterval();
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (!this.interval.isZero()) {
			registrar.addFixedDelayTask(new FixedDelayTask(this::broadcast, this.interval, this.interval));
		}
	}

	void broadcast() {
		try {
			this.statusService.rebroadcastCurrent();
		}
		catch (RuntimeException ex) {
			this.meterRegistry.counter("beacon.status.broadcast.failures").increment();
			logger.warn("Scheduled status broadcast failed; the next tick tries again: " + ex.getMessage());
		}
	}

}
