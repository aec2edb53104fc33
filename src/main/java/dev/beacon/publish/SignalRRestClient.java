package dev.beacon.publish;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.ServiceUnavailableException;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.publish.RestApiRequest.Kind;
import dev.beacon.publish.RetryPolicy.Failure;
import dev.beacon.publish.RetryPolicy.Type;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The data-plane REST client: builds each request with {@link RestApiRequests}, sends it
 * through a {@link RestClient} whose one interceptor signs it, retries per
 * {@link RetryPolicy}, and turns the outcome into a result or a {@link SignalRException}.
 */
public class SignalRRestClient implements SignalRClient {

	private static final Log logger = LogFactory.getLog(SignalRRestClient.class);

	private final RestClient restClient;

	private final ServiceEndpointProvider endpoints;

	private final RestApiRequests requests;

	private final RetryPolicy retryPolicy;

	private final Duration deadline;

	private final JsonMapper jsonMapper;

	private final MeterRegistry meterRegistry;

	/** A bulkhead: during an outage, waiting calls pile up to this many, not more. */
	private final Semaphore inFlight;

	SignalRRestClient(RestClient restClient, ServiceEndpointProvider endpoints, SignalRProperties properties,
			RetryPolicy retryPolicy, JsonMapper jsonMapper, MeterRegistry meterRegistry) {
		this.restClient = restClient;
		this.endpoints = endpoints;
		this.requests = new RestApiRequests(properties.application());
		this.retryPolicy = retryPolicy;
		this.deadline = properties.retry().deadline();
		this.jsonMapper = jsonMapper;
		this.meterRegistry = meterRegistry;
		this.inFlight = new Semaphore(properties.maxConcurrentRequests());
	}

	/**
	 * A probe: one attempt, no retries, so health shows flapping instead of hiding it.
	 */
	@Override
	public void checkHealth() {
		execute(this.requests.health(), false, false);
	}

	@Override
	public void sendToAll(String hub, SignalRMessage message, List<String> excluded) {
		execute(this.requests.sendToAll(hub, json(message), excluded), true, false);
	}

	@Override
	public void sendToUser(String hub, String userId, SignalRMessage message) {
		execute(this.requests.sendToUser(hub, userId, json(message)), true, false);
	}

	@Override
	public void sendToGroup(String hub, String group, SignalRMessage message, List<String> excluded) {
		execute(this.requests.sendToGroup(hub, group, json(message), excluded), true, false);
	}

	@Override
	public void sendToConnection(String hub, String connectionId, SignalRMessage message) {
		execute(this.requests.sendToConnection(hub, connectionId, json(message)), true, false);
	}

	@Override
	public void closeAll(String hub, List<String> excluded, @Nullable String reason) {
		execute(this.requests.closeAll(hub, excluded, reason), true, false);
	}

	@Override
	public void closeGroup(String hub, String group, List<String> excluded, @Nullable String reason) {
		execute(this.requests.closeGroup(hub, group, excluded, reason), true, false);
	}

	@Override
	public void closeUser(String hub, String userId, List<String> excluded, @Nullable String reason) {
		execute(this.requests.closeUser(hub, userId, excluded, reason), true, false);
	}

	@Override
	public void closeConnection(String hub, String connectionId, @Nullable String reason) {
		execute(this.requests.closeConnection(hub, connectionId, reason), true, false);
	}

	@Override
	public void addConnectionToGroup(String hub, String group, String connectionId) {
		execute(this.requests.addConnectionToGroup(hub, group, connectionId), true, false);
	}

	@Override
	public void removeConnectionFromGroup(String hub, String group, String connectionId) {
		execute(this.requests.removeConnectionFromGroup(hub, group, connectionId), true, false);
	}

	@Override
	public void removeConnectionFromAllGroups(String hub, String connectionId) {
		execute(this.requests.removeConnectionFromAllGroups(hub, connectionId), true, false);
	}

	@Override
	public void addUserToGroup(String hub, String group, String userId, @Nullable Duration ttl) {
		execute(this.requests.addUserToGroup(hub, group, userId, ttl), true, false);
	}

	@Override
	public void removeUserFromGroup(String hub, String group, String userId) {
		execute(this.requests.removeUserFromGroup(hub, group, userId), true, false);
	}

	@Override
	public void removeUserFromAllGroups(String hub, String userId) {
		execute(this.requests.removeUserFromAllGroups(hub, userId), true, false);
	}

	@Override
	public boolean connectionExists(String hub, String connectionId) {
		return execute(this.requests.connectionExists(hub, connectionId), true, true);
	}

	@Override
	public boolean userExists(String hub, String userId) {
		return execute(this.requests.userExists(hub, userId), true, true);
	}

	@Override
	public boolean groupExists(String hub, String group) {
		return execute(this.requests.groupExists(hub, group), true, true);
	}

	@Override
	public boolean userInGroup(String hub, String group, String userId) {
		return execute(this.requests.userInGroup(hub, group, userId), true, true);
	}

	private byte[] json(SignalRMessage message) {
		return this.jsonMapper.writeValueAsBytes(message);
	}

	/**
	 * Runs one call to its end.
	 * @return true on 2xx; false on a 404 when {@code notFoundIsFalse}
	 */
	private boolean execute(RestApiRequest request, boolean retry, boolean notFoundIsFalse) {
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
		URI uri = uri(request);
		long deadline = System.nanoTime() + this.deadline.toNanos();
		for (int retries = 0;; retries++) {
			long started = System.nanoTime();
			Attempt attempt = attempt(request, uri);
			if (logger.isDebugEnabled()) {
				logger.debug(request.method() + " " + request.target() + " -> " + attempt.describe() + " (attempt "
						+ (retries + 1) + ", " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
			}
			if (attempt.status() / 100 == 2) {
				return true;
			}
			if (attempt.status() == 404 && notFoundIsFalse) {
				return false;
			}
			Failure failure = attempt.failure();
			Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
			Optional<Duration> delay = retry ? this.retryPolicy.nextDelay(request.kind(), retries, failure, remaining)
					: Optional.empty();
			if (delay.isEmpty()) {
				throw attempt.toException(request);
			}
			this.meterRegistry.counter("beacon.signalr.retries", "reason", failure.reason()).increment();
			sleep(delay.get());
		}
	}

	private URI uri(RestApiRequest request) {
		try {
			return URI.create(this.endpoints.forServer().serverBase() + request.target());
		}
		catch (ServiceUnavailableException ex) {
			throw new SignalRUnavailableException(request.method().name(), request.path(), ex.getMessage(), null, ex);
		}
	}

	private Attempt attempt(RestApiRequest request, URI uri) {
		try {
			RestClient.RequestBodySpec spec = this.restClient.method(request.method()).uri(uri);
			if (request.body() != null) {
				spec.contentType(MediaType.APPLICATION_JSON).body(request.body());
			}
			return spec.exchange((req, response) -> new Attempt(response.getStatusCode().value(),
					RetryAfter.parse(response.getHeaders().getFirst("Retry-After")),
					ServiceErrorMessage.read(response.getHeaders().getContentType(), response.getBody()), null));
		}
		catch (ResourceAccessException ex) {
			return new Attempt(0, null, "", ex);
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

	/**
	 * What one attempt produced: a status, or an I/O failure.
	 */
	private record Attempt(int status, @Nullable Duration retryAfter, String body,
			@Nullable ResourceAccessException error) {

		Failure failure() {
			return (this.error != null) ? Failure.of(ioType(this.error)) : Failure.status(this.status, this.retryAfter);
		}

		String describe() {
			return (this.error != null) ? failure().reason() : String.valueOf(this.status);
		}

		SignalRException toException(RestApiRequest request) {
			String method = request.method().name();
			String path = request.path();
			if (this.error != null) {
				return (ioType(this.error) == Type.TIMEOUT)
						? new SignalRTimeoutException(method, path, "SignalR Service did not answer in time",
								this.error)
						: new SignalRUnavailableException(method, path,
								"SignalR Service could not be reached (" + failure().reason() + ")", null, this.error);
			}
			String detail = this.body.isEmpty() ? "" : ": " + this.body;
			HttpStatusCode code = HttpStatusCode.valueOf(this.status);
			return switch (this.status) {
				case 400 -> new SignalRInvalidArgumentException(method, path,
						"SignalR Service refused the request" + detail, null);
				case 401, 403 ->
					new SignalRUnauthorizedException(method, path, "SignalR Service refused Beacon's token ("
							+ this.status + "): check the AccessKey and that this machine's clock is right", null);
				case 404 -> new SignalRNotFoundException(method, path, "SignalR Service found no such target", null);
				case 413 -> new SignalRPayloadTooLargeException(method, path,
						"SignalR Service refused the message as too " + "large (it accepts at most 1 MB)", null);
				default ->
					(this.status == 429 || code.is5xxServerError()) && RetryPolicy.retryable(request.kind(), failure())
							? new SignalRUnavailableException(method, path,
									"SignalR Service is unavailable (" + this.status + ")" + detail, this.retryAfter,
									null)
							: new SignalRRejectedException(method, path,
									"SignalR Service answered " + this.status
											+ ((request.kind() == Kind.SEND)
													? "; the message may or may not have been delivered" : "")
											+ detail,
									null);
			};
		}

		private static Type ioType(ResourceAccessException error) {
			for (Throwable cause = error; cause != null; cause = cause.getCause()) {
				if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
						|| cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
						|| cause instanceof SSLException) {
					return Type.CONNECT;
				}
				if (cause instanceof HttpTimeoutException) {
					return Type.TIMEOUT;
				}
			}
			return Type.IO;
		}

	}

}
