package dev.beacon.restclient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.system.ServiceUnavailableException;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.system.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * Runs one data-plane call to its end on every online SignalR Service instance, in
 * parallel when there are several: within the {@link Bulkhead} (one permit per instance),
 * retries per {@link RetryPolicy} within the call's deadline and per instance
 * ({@link RestAttempts}), a timer per operation, instance and outcome, a client span per
 * instance ({@link RestCallSpans}). {@link CallOutcomes} combines the instances' answers.
 */
final class RestCallExecutor {

	private final ServiceEndpointProvider endpoints;

	private final RestAttempts attempts;

	private final MeterRegistry meterRegistry;

	private final Meters meters;

	/** During an outage, waiting calls pile up to this many, not more. */
	private final Bulkhead bulkhead;

	private final Executor fanOut;

	private final RestCallSpans spans;

	RestCallExecutor(DataPlane dataPlane, ServiceEndpointProvider endpoints, RetryPolicy retryPolicy,
			SignalRProperties properties, MeterRegistry meterRegistry, RestCallSpans spans) {
		this.endpoints = endpoints;
		this.attempts = new RestAttempts(dataPlane, endpoints, retryPolicy, properties.retry().deadline(),
				meterRegistry, spans);
		this.meterRegistry = meterRegistry;
		this.meters = new Meters(meterRegistry);
		this.spans = spans;
		this.bulkhead = new Bulkhead(properties.maxConcurrentRequests(), meterRegistry);
		this.fanOut = (task) -> Thread.ofVirtual().name("beacon-signalr-fan-out").start(task);
	}

	/**
	 * Runs one call.
	 * @param request the call
	 * @param retry whether failures may be retried at all (a health probe is not)
	 * @param notFoundIsFalse whether a 404 is an answer (existence checks) or an error
	 * @return true on 2xx; false on a 404 when {@code notFoundIsFalse}
	 */
	boolean execute(RestApiRequest request, boolean retry, boolean notFoundIsFalse) {
		List<ServiceEndpoint> targets = targets(request);
		long asked = System.nanoTime();
		try (Bulkhead.Permit permit = this.bulkhead.acquire(request, targets.size())) {
			Started started = started(asked);
			if (targets.size() == 1) {
				return timed(request, targets.get(0), retry, notFoundIsFalse, started);
			}
			boolean notFoundIsAnswer = notFoundIsFalse || request.connectionScoped();
			List<CompletableFuture<CallOutcomes.Outcome>> calls = new ArrayList<>();
			for (ServiceEndpoint endpoint : targets) {
				calls.add(CompletableFuture
					.supplyAsync(() -> outcome(request, endpoint, retry, notFoundIsAnswer, started), this.fanOut));
			}
			return CallOutcomes.combine(request, notFoundIsFalse, calls.stream().map(CompletableFuture::join).toList());
		}
	}

	/**
	 * Runs a call whose answer is its result on each online instance, in parallel when
	 * there are several, within the bulkhead, retried per its kind; returns each
	 * instance's last answer, whatever its status. A 404 is not retried.
	 * @param request the call
	 * @return the answers, one per online instance
	 */
	List<Answered> exchange(RestApiRequest request) {
		return exchange(request, this.bulkhead, true);
	}

	/**
	 * Like {@link #exchange(RestApiRequest)}, within another bulkhead: calls that wait
	 * long on something else than the service (a client's answer) must not hold the room
	 * of quick ones.
	 * @param request the call
	 * @param room the bulkhead it waits in
	 * @param retry whether a failure may be retried by its kind's rules at all
	 * @return the answers, one per online instance
	 */
	List<Answered> exchange(RestApiRequest request, Bulkhead room, boolean retry) {
		List<ServiceEndpoint> targets = targets(request);
		long asked = System.nanoTime();
		try (Bulkhead.Permit permit = room.acquire(request, targets.size())) {
			Started started = started(asked);
			if (targets.size() == 1) {
				return List.of(answered(request, targets.get(0), retry, started));
			}
			List<CompletableFuture<Answered>> calls = new ArrayList<>();
			for (ServiceEndpoint endpoint : targets) {
				calls
					.add(CompletableFuture.supplyAsync(() -> answered(request, endpoint, retry, started), this.fanOut));
			}
			return calls.stream().map(CompletableFuture::join).toList();
		}
	}

	/**
	 * Runs a call whose answer is its result on one instance, as
	 * {@link #exchange(RestApiRequest)} does.
	 * @param request the call
	 * @param endpoint the instance
	 * @return its last answer
	 */
	Answered exchangeOn(RestApiRequest request, ServiceEndpoint endpoint) {
		long asked = System.nanoTime();
		try (Bulkhead.Permit permit = this.bulkhead.acquire(request, 1)) {
			return answered(request, endpoint, true, started(asked));
		}
	}

	/** The online instances now; none is a 503. */
	List<ServiceEndpoint> online(RestApiRequest request) {
		return targets(request);
	}

	private Answered answered(RestApiRequest request, ServiceEndpoint endpoint, boolean retry, Started started) {
		Timer.Sample sample = Timer.start(this.meterRegistry);
		Span span = this.spans.start(started.parent(), request, endpoint, started.waitedNanos());
		try {
			ServiceAnswer answer = this.attempts.finalAnswer(request, endpoint, retry, true, span);
			String outcome = "success";
			if (!answer.successful()) {
				SignalRException failure = answer.toException(request, endpoint.credential());
				outcome = (answer.status() == 404) ? "not_found" : CallOutcomes.outcomeOf(failure);
				this.spans.failed(span, answer, failure);
			}
			sample.stop(this.meters.timer("beacon.signalr.requests", "operation", request.operation(), "outcome",
					outcome, "endpoint", endpoint.name()));
			return new Answered(endpoint, answer);
		}
		finally {
			span.end();
		}
	}

	/**
	 * When a call got its room in the bulkhead, and the trace it belongs to, which the
	 * fan-out threads do not inherit.
	 */
	private record Started(@Nullable TraceContext parent, long waitedNanos) {
	}

	private Started started(long asked) {
		return new Started(this.spans.current(), System.nanoTime() - asked);
	}

	/**
	 * One instance's last answer to a call.
	 *
	 * @param endpoint the instance
	 * @param answer what it answered
	 */
	record Answered(ServiceEndpoint endpoint, ServiceAnswer answer) {

		SignalRException failure(RestApiRequest request) {
			return this.answer.toException(request, this.endpoint.credential());
		}

	}

	/**
	 * Runs a call against one instance, whatever its state: the health check.
	 * @param request the call, not retried
	 * @param endpoint the instance
	 */
	void executeOn(RestApiRequest request, ServiceEndpoint endpoint) {
		timed(request, endpoint, false, false, started(System.nanoTime()));
	}

	private List<ServiceEndpoint> targets(RestApiRequest request) {
		try {
			List<ServiceEndpoint> online = this.endpoints.online();
			if (online.isEmpty()) {
				this.endpoints.forServer();
			}
			return online;
		}
		catch (ServiceUnavailableException ex) {
			throw new SignalRUnavailableException(request.method().name(), request.path(), ex.getMessage(),
					ex.retryAfter(), ex);
		}
	}

	private CallOutcomes.Outcome outcome(RestApiRequest request, ServiceEndpoint endpoint, boolean retry,
			boolean notFoundIsAnswer, Started started) {
		try {
			return new CallOutcomes.Outcome(endpoint.name(), timed(request, endpoint, retry, notFoundIsAnswer, started),
					null);
		}
		catch (SignalRException ex) {
			return new CallOutcomes.Outcome(endpoint.name(), false, ex);
		}
	}

	private boolean timed(RestApiRequest request, ServiceEndpoint endpoint, boolean retry, boolean notFoundIsFalse,
			Started started) {
		Timer.Sample sample = Timer.start(this.meterRegistry);
		Span span = this.spans.start(started.parent(), request, endpoint, started.waitedNanos());
		String outcome = "error";
		try {
			boolean result = attempts(request, endpoint, retry, notFoundIsFalse, span);
			outcome = result ? "success" : "not_found";
			return result;
		}
		catch (SignalRException ex) {
			outcome = CallOutcomes.outcomeOf(ex);
			throw ex;
		}
		finally {
			sample.stop(this.meters.timer("beacon.signalr.requests", "operation", request.operation(), "outcome",
					outcome, "endpoint", endpoint.name()));
			span.end();
		}
	}

	private boolean attempts(RestApiRequest request, ServiceEndpoint endpoint, boolean retry, boolean notFoundIsFalse,
			Span span) {
		ServiceAnswer answer = this.attempts.finalAnswer(request, endpoint, retry, notFoundIsFalse, span);
		if (answer.successful()) {
			return true;
		}
		if (answer.status() == 404 && notFoundIsFalse) {
			return false;
		}
		SignalRException failure = answer.toException(request, endpoint.credential());
		this.spans.failed(span, answer, failure);
		throw failure;
	}

}
