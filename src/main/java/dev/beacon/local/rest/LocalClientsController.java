package dev.beacon.local.rest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.LocalProperties;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.ConnectionClosedException;
import dev.beacon.local.hub.HubOperations;
import dev.beacon.local.hub.NoSuchConnectionException;
import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.local.hub.TooManyInvocationsException;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.Names;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.ErrorResponseException;
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

	private final HubOperations hubs;

	private final LocalPayloads payloads;

	private final LocalProperties properties;

	LocalClientsController(HubOperations hubs, LocalPayloads payloads, LocalProperties properties) {
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
		try {
			this.hubs.invoke(LocalRest.hub(request, hub), Names.connectionId(connectionId), message)
				.orTimeout(this.properties.invocationTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.handle((completion, failure) -> {
					Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
					// Redis or another replica failed: a 503 problem, as when it fails
					// before the call
					return (cause instanceof ErrorResponseException unavailable) ? answer.setErrorResult(unavailable)
							: answer.setResult(answer(completion, cause));
				});
		}
		catch (NoSuchConnectionException ex) {
			answer.setResult(LocalRest.error(HttpStatus.NOT_FOUND, "Error.Connection.NotExisted",
					"The connection does not exist"));
		}
		catch (TooManyInvocationsException ex) {
			answer
				.setResult(LocalRest.error(HttpStatus.TOO_MANY_REQUESTS, "Error.Invocation.TooMany", ex.getMessage()));
		}
		return answer;
	}

	private ResponseEntity<String> answer(HubMessage.@Nullable Completion completion, @Nullable Throwable cause) {
		if (cause instanceof TimeoutException) {
			return LocalRest.error(HttpStatus.GATEWAY_TIMEOUT, "Error.Invocation.Timeout",
					"The client did not answer within " + this.properties.invocationTimeout());
		}
		// From another replica's connection (the cluster): it left before the call
		// reached it, is busy, or the replicas could not reach each other
		if (cause instanceof NoSuchConnectionException) {
			return LocalRest.error(HttpStatus.NOT_FOUND, "Error.Connection.NotExisted",
					"The connection does not exist");
		}
		if (cause instanceof TooManyInvocationsException ex) {
			return LocalRest.error(HttpStatus.TOO_MANY_REQUESTS, "Error.Invocation.TooMany", ex.getMessage());
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
		return streamAnswer(this.hubs.streamItem(LocalRest.hub(request, hub), Names.connectionId(connectionId),
				Names.streamId(streamId), item, completed));
	}

	/**
	 * Ends a stream; with an error when {@code reason} (the Swagger's name) or
	 * {@code error} (what the .NET SDK sends) is given.
	 */
	@PostMapping("/streams/{streamId}/:complete")
	public ResponseEntity<String> completeStream(@PathVariable String hub, @PathVariable String connectionId,
			@PathVariable String streamId, HttpServletRequest request) {
		String reason = LocalRest.query(request, "reason");
		String error = (reason != null) ? reason : LocalRest.query(request, "error");
		return streamAnswer(this.hubs.completeStream(LocalRest.hub(request, hub), Names.connectionId(connectionId),
				Names.streamId(streamId), error));
	}

	private static ResponseEntity<String> streamAnswer(boolean open) {
		return open ? LocalRest.accepted() : LocalRest.error(HttpStatus.NOT_FOUND, "Error.Stream.NotExisted",
				"The connection has no such stream open (it may have been cancelled)");
	}

}
