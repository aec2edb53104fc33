package dev.beacon.restclient;

import java.net.URI;
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

import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The attempts of one call on one instance: each an exchange through the signed
 * {@link RestClient}, read into a {@link ServiceAnswer}; retried as {@link RetryPolicy}
 * allows within the call's deadline. An instance that cannot be connected to or answers
 * 502, 503 or 504 is reported, so it goes offline.
 */
final class RestAttempts {

	private static final Log logger = LogFactory.getLog(RestAttempts.class);

	private final RestClient restClient;

	private final ServiceEndpointProvider endpoints;

	private final RetryPolicy retryPolicy;

	private final Duration deadline;

	private final MeterRegistry meterRegistry;

	private final RestCallSpans spans;

	RestAttempts(RestClient restClient, ServiceEndpointProvider endpoints, RetryPolicy retryPolicy, Duration deadline,
			MeterRegistry meterRegistry, RestCallSpans spans) {
		this.restClient = restClient;
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
			RestClient.RequestBodySpec spec = this.restClient.method(request.method())
				.uri(URI.create(endpoint.serverBase() + request.target()))
				.attribute(RequestSigner.ENDPOINT_ATTRIBUTE, endpoint)
				.attribute(JdkBufferedRequestFactory.MAX_BODY_ATTRIBUTE, request.maxAnswer());
			this.spans.inject(span, spec);
			if (request.timeout() != null) {
				spec.attribute(JdkBufferedRequestFactory.TIMEOUT_ATTRIBUTE, request.timeout());
			}
			if (request.body() != null) {
				spec.contentType(MediaType.APPLICATION_JSON).body(request.body());
			}
			boolean result = request.maxAnswer() > RestApiRequest.ERROR_ANSWER;
			return spec.exchange((req, response) -> {
				int status = response.getStatusCode().value();
				boolean read = result && status / 100 == 2;
				return new ServiceAnswer(status, RetryAfter.parse(response.getHeaders().getFirst("Retry-After")),
						read ? ""
								: ServiceErrorMessage.read(response.getHeaders().getContentType(), response.getBody()),
						null, read ? response.getBody().readAllBytes() : new byte[0],
						response.getHeaders().getFirst("x-ms-error-code"));
			});
		}
		catch (ResourceAccessException ex) {
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
