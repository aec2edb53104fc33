package dev.beacon.system;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Takes the runs of scheduled tasks that are not a {@link TracedTask} before Spring
 * Boot's tracing handlers do, and makes no span for them: the first tracing handler that
 * takes an observation is the only one that runs. The metrics handlers still time them.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UntracedScheduledTasks implements TracingObservationHandler<ScheduledTaskObservationContext> {

	private final Tracer tracer;

	UntracedScheduledTasks(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext task
				&& !TracedTask.class.isAssignableFrom(task.getTargetClass());
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	/**
	 * A tracing context without a span: the metrics handlers look for one.
	 */
	@Override
	public void onStart(ScheduledTaskObservationContext context) {
		getTracingContext(context);
	}

	@Override
	public void onScopeOpened(ScheduledTaskObservationContext context) {
	}

	@Override
	public void onScopeClosed(ScheduledTaskObservationContext context) {
	}

	@Override
	public void onScopeReset(ScheduledTaskObservationContext context) {
	}

	@Override
	public void onEvent(Observation.Event event, ScheduledTaskObservationContext context) {
	}

	@Override
	public void onError(ScheduledTaskObservationContext context) {
	}

	@Override
	public void onStop(ScheduledTaskObservationContext context) {
	}

}
