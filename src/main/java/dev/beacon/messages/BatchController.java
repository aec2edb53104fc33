package dev.beacon.messages;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import java.util.List;

import dev.beacon.endpoint.Hubs;
import dev.beacon.messages.BatchResult.MessageResult;
import dev.beacon.restclient.SignalRBatches;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Many messages in one request, each as {@code POST .../messages} would send it (events,
 * metrics, inbox), sent concurrently within the batches' share of the SignalR client's
 * bulkhead ({@link SignalRBatches}).
 * <p>
 * All or nothing is checked, not sent: a batch with any invalid message is refused whole
 * (400) before anything goes out; a valid one answers 200 with each message's outcome,
 * even when every message failed, since a failure's meaning (retry after a pause, never
 * blindly retry a partial one, fix the request) is per message.
 */
@RestController
@RequestMapping("/api/hubs/{hub}")
@RequiresScope(Scope.MESSAGES_WRITE)
class BatchController {

	private static final Log logger = LogFactory.getLog(BatchController.class);

	private final Hubs hubs;

	private final BatchChecks checks;

	private final SignalRBatches batches;

	private final Publishing publishing;

	BatchController(Hubs hubs, BatchChecks checks, SignalRBatches batches, Publishing publishing) {
		this.hubs = hubs;
		this.checks = checks;
		this.batches = batches;
		this.publishing = publishing;
	}

	@PostMapping(path = "/messages:batch", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Send up to 1,000 messages at once",
			description = "Each message has the shape and rules of POST /api/hubs/{hub}/messages and is sent as that "
					+ "endpoint sends it (user messages reach the inbox), concurrently, within half of "
					+ "beacon.signalr.max-concurrent-requests. Any invalid message refuses the whole batch with 400 "
					+ "(detail: messages[i].field) and nothing is sent. Otherwise the answer is 200 with one result "
					+ "per message, in order, even if every message failed: status 202 when the service took it, "
					+ "else the status, detail and retryAfter the single endpoint would answer with; a message only "
					+ "some instances took is 502 with accepted and failed instances (do not retry it blindly).")
	@ApiResponse(responseCode = "200", description = "Every message's outcome; retry only the failed ones",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = BatchResult.class)))
	@ApiResponse(responseCode = "400",
			description = "Empty, over 1,000 messages, or a message that is not valid; nothing was sent",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	BatchResult sendBatch(@PathVariable String hub, @RequestBody BatchRequest batch) {
		String known = this.hubs.require(hub);
		List<MessageRequest> messages = this.checks.check(known, batch);
		return BatchResult.of(this.batches.run(messages.size(), (index) -> send(known, index, messages.get(index))));
	}

	private MessageResult send(String hub, int index, MessageRequest message) {
		String id = Publishing.idOf(message);
		try {
			this.publishing.send(hub, message, id);
			return MessageResult.accepted(index, id);
		}
		catch (RuntimeException ex) {
			if (ex instanceof ErrorResponse error) {
				return MessageResult.failed(index, id, error);
			}
			logger.error("Unexpected error sending message " + index + " of a batch", ex);
			return MessageResult.unexpected(index, id);
		}
	}

}
