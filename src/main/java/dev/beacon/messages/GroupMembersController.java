package dev.beacon.messages;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.GroupMember;
import dev.beacon.restclient.GroupMembersPage;
import dev.beacon.restclient.SignalRClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Who is in a group: the service's list of the group's connections (its own members and
 * its users' connections), a page at a time, across every SignalR Service instance.
 */
@RestController
@RequestMapping("/api/hubs/{hub}")
@RequiresScope(Scope.CONNECTIONS_WRITE)
class GroupMembersController {

	private final SignalRClient client;

	private final Hubs hubs;

	GroupMembersController(SignalRClient client, Hubs hubs) {
		this.client = client;
		this.hubs = hubs;
	}

	@GetMapping("/groups/{group}/connections")
	@Operation(summary = "List the connections in a group, a page at a time",
			description = "maxpagesize is 1 to 200 (default 200); nextLink, absent on the last page, is the absolute "
					+ "URL of the next page (it carries continuationToken). userId is absent for anonymous "
					+ "connections. Several SignalR Service instances are listed one after the other.")
	@ApiResponse(responseCode = "200", description = "One page of the group's connections")
	@ApiResponse(responseCode = "400",
			description = "maxpagesize out of 1 to 200, a bad group name, or a continuation token Beacon did not give (or naming an instance no longer online)",
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
	Members list(@PathVariable String hub, @PathVariable String group,
			@RequestParam(defaultValue = "200") @Min(1) @Max(200) int maxpagesize,
			@RequestParam(required = false) @Nullable String continuationToken) {
		GroupMembersPage page = this.client.listConnectionsInGroup(this.hubs.require(hub), group, maxpagesize,
				continuationToken);
		String next = (page.continuationToken() != null) ? ServletUriComponentsBuilder.fromCurrentRequest()
			.replaceQueryParam("continuationToken", page.continuationToken())
			.replaceQueryParam("maxpagesize", maxpagesize)
			.build()
			.toUriString() : null;
		return new Members(page.members(), next);
	}

	/**
	 * One page of a group's connections.
	 *
	 * @param value the connections
	 * @param nextLink the next page's URL; absent on the last
	 */
	record Members(List<GroupMember> value, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String nextLink) {
	}

}
