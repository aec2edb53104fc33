package dev.beacon.messages;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import java.time.Duration;
import java.util.Map;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Messages and groups of any configured hub (unknown hub: 404), the parity of the Azure
 * Functions output binding and group actions. Each call needs its scope ({@link Scope}).
 */
@RestController
@RequestMapping("/api/hubs/{hub}")
class HubController {

	private final SignalRClient client;

	private final Hubs hubs;

	private final Publishing publishing;

	HubController(SignalRClient client, Hubs hubs, Publishing publishing) {
		this.client = client;
		this.hubs = hubs;
		this.publishing = publishing;
	}

	/**
	 * Sends a message; answers its id (the request's, or a generated one). A message to a
	 * user is also announced as sent, so the inbox (when on) keeps it by that id.
	 */
	@RequiresScope(Scope.MESSAGES_WRITE)
	@PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	MessageAccepted send(@PathVariable String hub, @Valid @RequestBody MessageRequest request) {
		String known = this.hubs.require(hub);
		String id = Publishing.idOf(request);
		this.publishing.send(known, request, id);
		return new MessageAccepted(id);
	}

	@RequiresScope(Scope.GROUPS_WRITE)
	@PutMapping("/groups/{group}/users/{userId}")
	void addUserToGroup(@PathVariable String hub, @PathVariable String group, @PathVariable String userId,
			@RequestParam(required = false) @Nullable @Min(0) @Max(31_536_000) Integer ttl) {
		Duration lifetime = (ttl != null) ? Duration.ofSeconds(ttl) : null;
		counted("group.add-user", () -> this.client.addUserToGroup(this.hubs.require(hub), group, userId, lifetime));
	}

	@RequiresScope(Scope.GROUPS_WRITE)
	@DeleteMapping("/groups/{group}/users/{userId}")
	void removeUserFromGroup(@PathVariable String hub, @PathVariable String group, @PathVariable String userId) {
		counted("group.remove-user", () -> this.client.removeUserFromGroup(this.hubs.require(hub), group, userId));
	}

	@RequiresScope(Scope.GROUPS_WRITE)
	@DeleteMapping("/users/{userId}/groups")
	void removeUserFromAllGroups(@PathVariable String hub, @PathVariable String userId) {
		counted("group.remove-user-all", () -> this.client.removeUserFromAllGroups(this.hubs.require(hub), userId));
	}

	@RequiresScope(Scope.GROUPS_WRITE)
	@PutMapping("/groups/{group}/connections/{connectionId}")
	void addConnectionToGroup(@PathVariable String hub, @PathVariable String group, @PathVariable String connectionId) {
		counted("group.add-connection",
				() -> this.client.addConnectionToGroup(this.hubs.require(hub), group, connectionId));
	}

	@RequiresScope(Scope.GROUPS_WRITE)
	@DeleteMapping("/groups/{group}/connections/{connectionId}")
	void removeConnectionFromGroup(@PathVariable String hub, @PathVariable String group,
			@PathVariable String connectionId) {
		counted("group.remove-connection",
				() -> this.client.removeConnectionFromGroup(this.hubs.require(hub), group, connectionId));
	}

	@RequiresScope(Scope.CONNECTIONS_WRITE)
	@DeleteMapping("/connections/{connectionId}")
	void closeConnection(@PathVariable String hub, @PathVariable String connectionId,
			@RequestParam(required = false) @Nullable String reason) {
		counted("connection.close", () -> this.client.closeConnection(this.hubs.require(hub), connectionId, reason));
	}

	@RequiresScope(Scope.CONNECTIONS_WRITE)
	@GetMapping("/users/{userId}")
	Map<String, Boolean> userExists(@PathVariable String hub, @PathVariable String userId) {
		return Map.of("exists", this.client.userExists(this.hubs.require(hub), userId));
	}

	@RequiresScope(Scope.CONNECTIONS_WRITE)
	@GetMapping("/groups/{group}")
	Map<String, Boolean> groupExists(@PathVariable String hub, @PathVariable String group) {
		return Map.of("exists", this.client.groupExists(this.hubs.require(hub), group));
	}

	@RequiresScope(Scope.CONNECTIONS_WRITE)
	@GetMapping("/connections/{connectionId}")
	Map<String, Boolean> connectionExists(@PathVariable String hub, @PathVariable String connectionId) {
		return Map.of("exists", this.client.connectionExists(this.hubs.require(hub), connectionId));
	}

	private void counted(String kind, Runnable call) {
		this.publishing.counted(kind, call);
	}

}
