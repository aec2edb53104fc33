package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.beacon.restclient.RestCallExecutor.Answered;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Client results through {@code :invoke}: the call goes to every online instance (a
 * connection lives on one; the others answer 404), waits up to the caller's timeout in a
 * bulkhead of its own (it waits on a client, not on the service, and must not hold the
 * room of quick sends), and is never retried (the client may have run the method). The
 * answer's {@code result} is the client's value; the ways it can fail are told apart by
 * the service's error code where the local service gives one
 * ({@code Error.Invocation.*}), else by status.
 */
final class ClientResults {

	/** The error codes of the local service's {@code :invoke} answers. */
	static final String CLIENT_ERROR = "Error.Invocation.ClientError";

	static final String DISCONNECTED = "Error.Invocation.Disconnected";

	static final String TIMED_OUT = "Error.Invocation.Timeout";

	private final RestCallExecutor executor;

	private final Bulkhead room;

	private final JsonMapper jsonMapper;

	ClientResults(RestCallExecutor executor, int maxPending, JsonMapper jsonMapper, MeterRegistry meterRegistry) {
		this.executor = executor;
		this.room = new Bulkhead(maxPending, meterRegistry);
		this.jsonMapper = jsonMapper;
	}

	JsonNode invoke(RestApiRequests requests, String hub, String connectionId, SignalRMessage message,
			Duration timeout) {
		RestApiRequest request = requests
			.invoke(hub, connectionId,
					this.jsonMapper
						.writeValueAsBytes(Map.of("target", message.target(), "arguments", message.arguments())))
			.answered(timeout);
		List<Answered> answers = this.executor.exchange(request, this.room, false);
		Answered failed = null;
		for (Answered answered : answers) {
			if (answered.answer().successful()) {
				return result(request, answered.answer());
			}
			if (failed == null || failed.answer().status() == 404) {
				failed = answered;
			}
		}
		// exchange answers once per online instance, and there is at least one
		throw failure(request, Objects.requireNonNull(failed, "no instance answered"), timeout);
	}

	private JsonNode result(RestApiRequest request, ServiceAnswer answer) {
		JsonNode body;
		try {
			body = (answer.body().length > 0) ? this.jsonMapper.readTree(answer.body()) : NullNode.getInstance();
		}
		catch (JacksonException ex) {
			throw new SignalRRejectedException(request.method().name(), request.path(),
					"SignalR Service answered a client result that is not JSON", ex);
		}
		for (Map.Entry<String, JsonNode> property : body.properties()) {
			if (property.getKey().equalsIgnoreCase("result")) {
				return property.getValue();
			}
		}
		return NullNode.getInstance();
	}

	private static SignalRException failure(RestApiRequest request, Answered answered, Duration timeout) {
		ServiceAnswer answer = answered.answer();
		String method = request.method().name();
		String code = (answer.errorCode() != null) ? answer.errorCode() : "";
		// The service's statuses are undocumented: its 504 is taken as the client's
		// timeout, as the local service's is
		if (answer.timedOut() || code.equals(TIMED_OUT) || answer.status() == 504) {
			return SignalRClientResultException.timeout(method, request.path(), timeout);
		}
		if (code.equals(CLIENT_ERROR)) {
			return SignalRClientResultException.clientError(method, request.path(), answer.message());
		}
		if (code.equals(DISCONNECTED)) {
			return SignalRClientResultException.closed(method, request.path());
		}
		if (answer.status() == 404) {
			return new SignalRNotFoundException(method, request.path(), "No such connection on this hub", null);
		}
		return answered.failure(request);
	}

}
