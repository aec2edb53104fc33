package dev.beacon.publish;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.ServiceUnavailableException;
import dev.beacon.publish.RetryPolicy.Failure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Runs one data-plane call to its end: a bulkhead of at most
 * {@code max-concurrent-requests} calls in flight, an endpoint chosen for each attempt
 * and carried with it to the signer, retries per {@link RetryPolicy} within the call's
 * deadline, and a timer per operation and outcome.
 */
final class RestCallExecutor {

	private static final Log logger = LogFactory.getLog(RestCallExecutor.class);

	private final RestClient restClient;

	private final ServiceEndpointProvider endpoints;

	private final RetryPolicy retryPolicy;

	private final Duration deadline;

	private final MeterRegistry meterRegistry;

	/** A bulkhead: during an outage, waiting calls pile up to this many, not more. */
	private final Semaphore inFlight;

	RestCallExecutor(RestClient restClient, ServiceEndpointProvider endpoints, RetryPolicy retryPolicy,
			PublishProperties properties, MeterRegistry meterRegistry) {
		this.restClient = restClient;
		this.endpoints = endpoints;
		this.retryPolicy = retryPolicy;
		this.deadline = properties.retry().deadline();
		this.meterRegistry = meterRegistry;
		this.inFlight = new Semaphore(properties.maxConcurrentRequests());
	}

	/**
	 * Runs one call.
	 * @param request the call
	 * @param retry whether failures may be retried at all (a health probe is not)
	 * @param notFoundIsFalse whether a 404 is an answer (existence checks) or an error
	 * @return true on 2xx; false on a 404 when {@code notFoundIsFalse}
	 */
	boolean execute(RestApiRequest request, boolean retry, boolean notFoundIsFalse) {
		if (!this.inFlight.tryAcquire()) {
			this.meterRegistry.counter("beacon.signalr.requests.refused").increment();
			throw new SignalRUnavailableException(request.method().name(), request.path(),
					"Too many SignalR Service calls in flight (beacon.signalr.max-concurrent-requests)",
					Duration.ofSeconds(1), null);
		}
		Timer.Sample sample = Timer.start(this.meterRegistry);
		String outcome = "error";
		try {
			boolean result = attempts(request, retry, notFoundIsFalse);
			outcome = result ? "success" : "not_found";
			return result;
		}
		catch (SignalRException ex) {
			outcome = outcomeOf(ex);
			throw ex;
		}
		finally {
			this.inFlight.release();
			sample.stop(this.meterRegistry.timer("beacon.signalr.requests", "operation", request.operation(), "outcome",
					outcome));
		}
	}

	private boolean attempts(RestApiRequest request, boolean retry, boolean notFoundIsFalse) {
		long deadline = System.nanoTime() + this.deadline.toNanos();
		for (int retries = 0;; retries++) {
			long started = System.nanoTime();
			ServiceEndpoint endpoint = endpoint(request);
			ServiceAnswer answer = attempt(request, endpoint);
			if (logger.isDebugEnabled()) {
				logger.debug(request.method() + " " + request.target() + " -> " + answer.describe() + " (attempt "
						+ (retries + 1) + ", " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
			}
			if (answer.status() / 100 == 2) {
				return true;
			}
			if (answer.status() == 404 && notFoundIsFalse) {
				return false;
			}
			Failure failure = answer.failure();
			Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
			Optional<Duration> delay = retry ? this.retryPolicy.nextDelay(request.kind(), retries, failure, remaining)
					: Optional.empty();
			if (delay.isEmpty()) {
				throw answer.toException(request, endpoint.credential());
			}
			this.meterRegistry.counter("beacon.signalr.retries", "reason", failure.reason()).increment();
			sleep(delay.get());
		}
	}

	/** Chosen for each attempt, so a retry may go to another endpoint. */
	private ServiceEndpoint endpoint(RestApiRequest request) {
		try {
			return this.endpoints.forServer();
		}
		catch (ServiceUnavailableException ex) {
			throw new SignalRUnavailableException(request.method().name(), request.path(), ex.getMessage(), null, ex);
		}
	}

	private ServiceAnswer attempt(RestApiRequest request, ServiceEndpoint endpoint) {
		try {
			RestClient.RequestBodySpec spec = this.restClient.method(request.method())
				.uri(URI.create(endpoint.serverBase() + request.target()))
				.attribute(RequestSigner.ENDPOINT_ATTRIBUTE, endpoint);
			if (request.body() != null) {
				spec.contentType(MediaType.APPLICATION_JSON).body(request.body());
			}
			return spec.exchange((req, response) -> new ServiceAnswer(response.getStatusCode().value(),
					RetryAfter.parse(response.getHeaders().getFirst("Retry-After")),
					ServiceErrorMessage.read(response.getHeaders().getContentType(), response.getBody()), null));
		}
		catch (ResourceAccessException ex) {
			return new ServiceAnswer(0, null, "", ex);
		}
		catch (ServiceUnavailableException ex) {
			// The credential had no token to sign with: nothing was sent.
			throw new SignalRUnavailableException(request.method().name(), request.path(), ex.getMessage(),
					ex.retryAfter(), ex);
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

	private static String outcomeOf(SignalRException ex) {
		return switch (ex) {
			case SignalRUnavailableException unavailable -> "unavailable";
			case SignalRTimeoutException timeout -> "timeout";
			case SignalRNotFoundException notFound -> "not_found";
			case SignalRUnauthorizedException unauthorized -> "unauthorized";
			case SignalRInvalidArgumentException invalid -> "invalid";
			case SignalRPayloadTooLargeException tooLarge -> "too_large";
			default -> "rejected";
		};
	}

}
