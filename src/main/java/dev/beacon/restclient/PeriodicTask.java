package dev.beacon.restclient;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One background job on its own daemon thread, for the lifecycles that keep instances
 * checked: started at most once, stopped by interrupting it.
 */
final class PeriodicTask {

	private final String threadName;

	private @Nullable ScheduledExecutorService scheduler;

	PeriodicTask(String threadName) {
		this.threadName = threadName;
	}

	synchronized void start(long initialDelayMillis, long periodMillis, Runnable job) {
		if (this.scheduler == null) {
			ScheduledExecutorService started = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(this.threadName).factory());
			started.scheduleWithFixedDelay(job, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
			this.scheduler = started;
		}
	}

	synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
