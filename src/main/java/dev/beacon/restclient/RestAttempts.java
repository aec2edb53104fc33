package dev.beacon.restclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.system.ServiceUnavailableException;
import dev.beacon.restclient.RetryPolicy.Failure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The attempts of one call on one instance: each an exchange through the signed
 * {@link DataPlane}, read into a {@link ServiceAnswer}; retried as {@link RetryPolicy}
 * allows within the call's deadline. An instance that cannot be connected to or answers
 * 502, 503 or 504 is reported, so it goes offline.
 */
final class RestAttempts {

	private static final Log logger = LogFactory.getLog(RestAttempts.class);

	private final DataPlane dataPlane;

	private final ServiceEndpointProvider endpoints;

	private final RetryPolicy retryPolicy;

	private final Duration deadline;

	private final MeterRegistry meterRegistry;

	private final RestCallSpans spans;

	RestAttempts(DataPlane dataPlane, ServiceEndpointProvider endpoints, RetryPolicy retryPolicy, Duration deadline,
			MeterRegistry meterRegistry, RestCallSpans spans) {
		this.dataPlane = dataPlane;
		this.endpoints = endpoints;
		this.retryPolicy = retryPolicy;
		this.deadline = deadline;
		this.meterRegistry = meterRegistry;
		this.spans = spans;
	}

	/**
	 * Tries a call until it succeeds, answers a 404 that is an answer, or may not be
	 * retried (by the rules, or because its deadline passed); returns that last answer.
	 * Each attempt carries the call's span's {@code traceparent}; each retry is an event
	 * of it.
	 */
	ServiceAnswer finalAnswer(RestApiRequest request, ServiceEndpoint endpoint, boolean retry, boolean notFoundIsAnswer,
			Span span) {
		long deadline = System.nanoTime() + this.deadline.toNanos();
		for (int retries = 0;; retries++) {
			long started = System.nanoTime();
			ServiceAnswer answer = attempt(request, endpoint, span);
			if (logger.isDebugEnabled()) {
				logger.debug(request.method() + " " + request.target() + " on " + endpoint.name() + " -> "
						+ answer.describe() + " (attempt " + (retries + 1) + ", "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
			}
			if (answer.successful() || (answer.status() == 404 && notFoundIsAnswer)) {
				this.spans.answered(span, answer, retries);
				return answer;
			}
			Failure failure = answer.failure();
			boolean offline = answer.takesEndpointOffline(request);
			if (offline) {
				this.endpoints.reportFailure(endpoint, answer.describe(), false);
			}
			Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
			// An instance just taken offline is not waited for: the others answer for
			// the call. The local service runs in this process (or, in a cluster,
			// answers for Redis): its refusal is not a network's hiccup, and waiting out
			// its Retry-After here would only delay the caller's 503.
			Optional<Duration> delay = (retry && this.endpoints.mode() != BeaconMode.LOCAL
					&& !(offline && this.endpoints.tracksHealth()))
							? this.retryPolicy.nextDelay(request.kind(), retries, failure, remaining)
							: Optional.empty();
			if (delay.isEmpty()) {
				this.spans.answered(span, answer, retries);
				return answer;
			}
			this.meterRegistry.counter("beacon.signalr.retries", "reason", failure.reason()).increment();
			this.spans.retrying(span, answer, retries, delay.get());
			sleep(delay.get());
		}
	}

	private ServiceAnswer attempt(RestApiRequest request, ServiceEndpoint endpoint, Span span) {
		try {
			HttpResponse<byte[]> response = this.dataPlane.exchange(request.method().name(),
					URI.create(endpoint.serverBase() + request.target()), endpoint, request.body(),
					(headers) -> this.spans.inject(span, headers), request.maxAnswer(), request.timeout());
			int status = response.statusCode();
			boolean read = request.maxAnswer() > RestApiRequest.ERROR_ANSWER && status / 100 == 2;
			return new ServiceAnswer(status,
					RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null)),
					read ? ""
							: ServiceErrorMessage.read(response.headers().firstValue("Content-Type").orElse(null),
									response.body()),
					null, read ? response.body() : new byte[0],
					response.headers().firstValue("x-ms-error-code").orElse(null));
		}
		catch (IOException ex) {
			return ServiceAnswer.failed(ex);
		}
		catch (ServiceUnavailableException ex) {
			// The credential had no token to sign with: nothing was sent.
			SignalRUnavailableException failure = new SignalRUnavailableException(request.method().name(),
					request.path(), ex.getMessage(), ex.retryAfter(), ex);
			this.spans.failed(span, null, failure);
			throw failure;
		}
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to retry", ex);
		}
	}

}
