package dev.beacon.local.rest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.LocalProperties;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.ConnectionClosedException;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.local.hub.TooManyInvocationsException;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.HubProtocol;
import dev.beacon.protocol.Names;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * What the local service does with one client through the 2024-12-01 REST API: client
 * results ({@code :invoke}: an Invocation with an id in the client's protocol, the
 * client's Completion back as {@code {"result": ...}}, JSON whatever the client speaks)
 * and the items of a stream the client asked for. The request waits for the client
 * without holding a thread, at most {@code beacon.local.invocation-timeout}.
 * <p>
 * The service does not document how {@code :invoke} fails; the local service answers with
 * an {@code x-ms-error-code} for each way, which Beacon's REST client reads: 404
 * {@code Error.Connection.NotExisted}, 400 {@code Error.Invocation.ClientError} (the
 * client's error as the message), 410 {@code Error.Invocation.Disconnected}, 504
 * {@code Error.Invocation.Timeout}, 429 {@code Error.Invocation.TooMany}.
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX
		+ "}/api/hubs/{hub}/connections/{connectionId}")
class LocalClientsController {

	private final LocalHubs hubs;

	private final LocalPayloads payloads;

	private final LocalProperties properties;

	private final AtomicLong invocationIds = new AtomicLong();

	LocalClientsController(LocalHubs hubs, LocalPayloads payloads, LocalProperties properties) {
		this.hubs = hubs;
		this.payloads = payloads;
		this.properties = properties;
	}

	@PostMapping("/:invoke")
	public DeferredResult<ResponseEntity<String>> invoke(@PathVariable String hub, @PathVariable String connectionId,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		OutgoingMessage message = this.payloads.message(body);
		DeferredResult<ResponseEntity<String>> answer = new DeferredResult<>(
				this.properties.invocationTimeout().toMillis() + 1000);
		LocalConnection connection = this.hubs.connection(LocalRest.hub(request, hub),
				Names.connectionId(connectionId));
		HubProtocol protocol = (connection != null) ? connection.protocol() : null;
		if (connection == null || protocol == null) {
			answer.setResult(LocalRest.error(HttpStatus.NOT_FOUND, "Error.Connection.NotExisted",
					"The connection does not exist"));
			return answer;
		}
		String id = "s" + this.invocationIds.incrementAndGet();
		try {
			connection.expect(id, this.properties.maxPendingInvocations())
				.orTimeout(this.properties.invocationTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
				.handle((completion, failure) -> answer.setResult(answer(completion, failure)));
		}
		catch (TooManyInvocationsException ex) {
			answer
				.setResult(LocalRest.error(HttpStatus.TOO_MANY_REQUESTS, "Error.Invocation.TooMany", ex.getMessage()));
			return answer;
		}
		connection.send(protocol.invocation(id, message.target(), message.arguments()));
		return answer;
	}

	private ResponseEntity<String> answer(HubMessage.@Nullable Completion completion, @Nullable Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		if (cause instanceof TimeoutException) {
			return LocalRest.error(HttpStatus.GATEWAY_TIMEOUT, "Error.Invocation.Timeout",
					"The client did not answer within " + this.properties.invocationTimeout());
		}
		if (cause instanceof ConnectionClosedException || completion == null) {
			return LocalRest.error(HttpStatus.GONE, "Error.Invocation.Disconnected",
					"The connection closed before the client answered");
		}
		if (completion.error() != null) {
			return LocalRest.error(HttpStatus.BAD_REQUEST, "Error.Invocation.ClientError", completion.error());
		}
		return LocalRest.json(HttpStatus.OK, java.util.Map.of("result", completion.result()));
	}

	/**
	 * One item of a stream the client asked for: the body is the item itself, any JSON
	 * value (as the .NET SDK sends it); {@code completed=true} makes it the last.
	 */
	@PostMapping("/streams/{streamId}/:send")
	public ResponseEntity<String> sendToStream(@PathVariable String hub, @PathVariable String connectionId,
			@PathVariable String streamId, @RequestParam(required = false) boolean completed,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		JsonNode item = this.payloads.json(body);
		return stream(hub, connectionId, streamId, request, (connection, protocol) -> {
			connection.send(protocol.streamItem(streamId, item));
			if (completed && connection.streamClosed(streamId)) {
				connection.send(protocol.completion(streamId));
			}
		});
	}

	/**
	 * Ends a stream; with an error when {@code reason} (the Swagger's name) or
	 * {@code error} (what the .NET SDK sends) is given.
	 */
	@PostMapping("/streams/{streamId}/:complete")
	public ResponseEntity<String> completeStream(@PathVariable String hub, @PathVariable String connectionId,
			@PathVariable String streamId, HttpServletRequest request) {
		String error = LocalRest.query(request, "reason");
		String why = (error != null) ? error : LocalRest.query(request, "error");
		return stream(hub, connectionId, streamId, request, (connection, protocol) -> {
			if (connection.streamClosed(streamId)) {
				connection
					.send((why != null) ? protocol.completionError(streamId, why) : protocol.completion(streamId));
			}
		});
	}

	private ResponseEntity<String> stream(String hub, String connectionId, String streamId, HttpServletRequest request,
			StreamStep step) {
		Names.streamId(streamId);
		LocalConnection connection = this.hubs.connection(LocalRest.hub(request, hub),
				Names.connectionId(connectionId));
		HubProtocol protocol = (connection != null) ? connection.protocol() : null;
		if (connection == null || protocol == null || !connection.streamOpen(streamId)) {
			return LocalRest.error(HttpStatus.NOT_FOUND, "Error.Stream.NotExisted",
					"The connection has no such stream open (it may have been cancelled)");
		}
		step.apply(connection, protocol);
		return LocalRest.accepted();
	}

	@FunctionalInterface
	private interface StreamStep {

		void apply(LocalConnection connection, HubProtocol protocol);

	}

}
