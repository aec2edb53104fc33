package dev.beacon.messages;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import java.time.Duration;
import java.util.Map;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client results: runs a method on one client and answers what the client's handler
 * returned, through the service's {@code :invoke} (Azure) or the local service's.
 */
@RestController
@RequestMapping("/api/hubs/{hub}")
@RequiresScope(Scope.CLIENTS_INVOKE)
class ClientResultController {

	static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

	static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

	private final SignalRClient client;

	private final Hubs hubs;

	private final Publishing publishing;

	ClientResultController(SignalRClient client, Hubs hubs, Publishing publishing) {
		this.client = client;
		this.hubs = hubs;
		this.publishing = publishing;
	}

	@PostMapping(path = "/connections/{connectionId}/invoke", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Run a method on one client and answer what it returned (a client result)",
			description = "The client's handler (JavaScript: connection.on returning a value or a Promise; Java: "
					+ "onWithResult) runs with the arguments; its value comes back as {\"result\": ...}. "
					+ "timeout is a duration from 1s to 5m (default 30s). A "
					+ "client that threw or has no handler is 422 with the client's text as the detail and code "
					+ "Client.Error; a connection that closed before answering is 410 (Connection.Closed); no "
					+ "answer within the timeout is 504 (Client.Timeout); an unknown connection is 404.")
	@ApiResponse(responseCode = "200", description = "The client's value")
	@ApiResponse(responseCode = "404", description = "No such connection on this hub, or unknown hub",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "410", description = "The connection closed before the client answered",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "422",
			description = "The client answered an error: its handler threw or it has none (detail: the client's text)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "400", description = "A bad body or timeout",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "502", description = "The service refused the call or answered what Beacon cannot read",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "501", description = "beacon.signalr.api-version is 2022-06-01",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503",
			description = "The service is unavailable, or beacon.signalr.max-pending-invocations calls already wait",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "504", description = "The client did not answer within the timeout",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	Map<String, JsonNode> invoke(@PathVariable String hub, @PathVariable String connectionId,
			@RequestParam(defaultValue = "30s") String timeout, @Valid @RequestBody InvokeRequest request) {
		String known = this.hubs.require(hub);
		Duration wait = timeout(timeout);
		return Map.of("result", this.publishing.counted("client.invoke",
				() -> this.client.invoke(known, connectionId, request.message(), wait)));
	}

	static Duration timeout(String text) {
		Duration timeout;
		try {
			timeout = DurationStyle.detectAndParse(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw invalidTimeout();
		}
		if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw invalidTimeout();
		}
		return timeout;
	}

	private static ErrorResponseException invalidTimeout() {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "Invalid request",
				"timeout: must be a duration from 1s to 5m, such as 30s or 2m"), null);
	}

}
