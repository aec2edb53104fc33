package dev.beacon.local.rest;

import java.time.Duration;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.protocol.InvalidNameException;
import dev.beacon.protocol.Names;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The groups and existence checks of the local service's data-plane REST API: the
 * 2022-06-01 paths and, for user groups, the legacy {@code /api/v1} ones. Status codes
 * follow the 2022-06-01 Swagger; a 404 carries {@code x-ms-error-code} as the service's
 * does, which the Microsoft SDK needs to tell "not found" from "wrong endpoint".
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX + "}/api")
class LocalGroupsController {

	private final LocalHubs hubs;

	LocalGroupsController(LocalHubs hubs) {
		this.hubs = hubs;
	}

	@RequestMapping(path = { "/hubs/{hub}/connections/{connectionId}", "/v1/hubs/{hub}/connections/{connectionId}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> connectionExists(@PathVariable String hub, @PathVariable String connectionId,
			HttpServletRequest request) {
		return LocalRest.exists(
				this.hubs.connection(LocalRest.hub(request, hub), Names.connectionId(connectionId)) != null,
				"Warning.Connection.NotExisted");
	}

	@RequestMapping(path = { "/hubs/{hub}/users/{user}", "/v1/hubs/{hub}/users/{user}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> userExists(@PathVariable String hub, @PathVariable String user,
			HttpServletRequest request) {
		String name = Names.user(user);
		return LocalRest.exists(
				this.hubs.stream(LocalRest.hub(request, hub), (state) -> state.user(name)).findAny().isPresent(),
				"Warning.User.NotExisted");
	}

	@RequestMapping(path = { "/hubs/{hub}/groups/{group}", "/v1/hubs/{hub}/groups/{group}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> groupExists(@PathVariable String hub, @PathVariable String group,
			HttpServletRequest request) {
		String name = Names.group(group);
		return LocalRest
			.exists(this.hubs.stream(LocalRest.hub(request, hub), (state) -> state.group(name, this.hubs.now()))
				.findAny()
				.isPresent(), "Warning.Group.NotExisted");
	}

	@PutMapping("/hubs/{hub}/groups/{group}/connections/{connectionId}")
	public ResponseEntity<String> addConnectionToGroup(@PathVariable String hub, @PathVariable String group,
			@PathVariable String connectionId, HttpServletRequest request) {
		boolean added = this.hubs.hub(LocalRest.hub(request, hub))
			.addToGroup(Names.group(group), Names.connectionId(connectionId));
		return LocalRest.changed(added, "Error.Connection.NotExisted");
	}

	@DeleteMapping("/hubs/{hub}/groups/{group}/connections/{connectionId}")
	public ResponseEntity<String> removeConnectionFromGroup(@PathVariable String hub, @PathVariable String group,
			@PathVariable String connectionId, HttpServletRequest request) {
		String known = LocalRest.hub(request, hub);
		String id = Names.connectionId(connectionId);
		this.hubs.hub(known).removeFromGroup(Names.group(group), id);
		return LocalRest.changed(this.hubs.connection(known, id) != null, "Warning.Connection.NotExisted");
	}

	@DeleteMapping("/hubs/{hub}/connections/{connectionId}/groups")
	public ResponseEntity<String> removeConnectionFromAllGroups(@PathVariable String hub,
			@PathVariable String connectionId, HttpServletRequest request) {
		this.hubs.hub(LocalRest.hub(request, hub)).removeFromAllGroups(Names.connectionId(connectionId));
		return LocalRest.ok();
	}

	@PutMapping({ "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" })
	public ResponseEntity<String> addUserToGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, @RequestParam(required = false) @Nullable Long ttl,
			HttpServletRequest request) {
		if (ttl != null && ttl < 0) {
			throw new dev.beacon.protocol.InvalidNameException("ttl", "must not be negative");
		}
		Duration lifetime = (ttl != null) ? Duration.ofSeconds(ttl) : LocalHubs.DEFAULT_USER_GROUP_TTL;
		this.hubs.hub(LocalRest.hub(request, hub))
			.addUserToGroup(Names.user(user), Names.group(group), this.hubs.now().plus(lifetime));
		return LocalRest.ok();
	}

	@DeleteMapping({ "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" })
	public ResponseEntity<Void> removeUserFromGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, HttpServletRequest request) {
		this.hubs.hub(LocalRest.hub(request, hub)).removeUserFromGroup(Names.user(user), Names.group(group));
		return ResponseEntity.noContent().build();
	}

	@RequestMapping(path = { "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> userInGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, HttpServletRequest request) {
		return LocalRest.exists(this.hubs.hub(LocalRest.hub(request, hub))
			.userInGroup(Names.user(user), Names.group(group), this.hubs.now()), "Info.User.NotInGroup");
	}

	@DeleteMapping({ "/hubs/{hub}/users/{user}/groups", "/v1/hubs/{hub}/users/{user}/groups" })
	public ResponseEntity<Void> removeUserFromAllGroups(@PathVariable String hub, @PathVariable String user,
			HttpServletRequest request) {
		this.hubs.hub(LocalRest.hub(request, hub)).removeUserFromAllGroups(Names.user(user));
		return ResponseEntity.noContent().build();
	}

}
