package dev.beacon.messages;

import java.util.List;
import java.util.Objects;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import dev.beacon.endpoint.Hubs;
import dev.beacon.protocol.ODataFilter;
import dev.beacon.restclient.SignalRClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Filtered commands: messages, group changes and closes for every connection an OData
 * filter selects, through the service's {@code :execute}. The filter is checked here
 * first, so a bad one is a 400 naming where and what, never the service's 502.
 */
@RestController
@RequestMapping("/api/hubs/{hub}")
@RequiresScope(Scope.COMMANDS_WRITE)
class CommandsController {

	private final SignalRClient client;

	private final Hubs hubs;

	private final Publishing publishing;

	CommandsController(SignalRClient client, Hubs hubs, Publishing publishing) {
		this.client = client;
		this.hubs = hubs;
		this.publishing = publishing;
	}

	@PostMapping(path = "/commands", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Apply commands to every connection a filter selects",
			description = "filter is an OData filter over userId, connectionId and groups (\"'ops' in groups and "
					+ "userId ne 'bot'\"; \"true\" for every connection). commands, 1 to 100, run in order on the "
					+ "connections selected once: SendMessage {message: {target, arguments}}, JoinGroup {group}, "
					+ "LeaveGroup {group}, CloseConnection {reason?}. A filter that matches nobody is still 202.")
	@ApiResponse(responseCode = "202", description = "The service took the commands (a filter matching nobody too)")
	@ApiResponse(responseCode = "400",
			description = "A bad filter (its column and what was expected), an unknown property, or a command with another type's property; nothing was sent",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "Unknown hub",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "501", description = "beacon.signalr.api-version is 2022-06-01",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The service is unavailable (Retry-After)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	void execute(@PathVariable String hub, @Valid @RequestBody CommandsRequest request) {
		String known = this.hubs.require(hub);
		ODataFilter filter = ODataFilter.parse(request.filter());
		List<CommandRequest> commands = Objects.requireNonNull(request.commands(), "validated: @NotNull");
		this.publishing.counted("commands", () -> this.client.execute(known, filter.text(),
				commands.stream().map(CommandRequest::command).toList()));
	}

}
