package dev.beacon.local.rest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.HubOperations;
import dev.beacon.local.hub.HubCommand;
import dev.beacon.protocol.Names;
import dev.beacon.protocol.ODataFilter;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

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

	/** The Swagger's bound of {@code maxpagesize}, and its default. */
	static final int MAX_PAGE_SIZE = 200;

	private final HubOperations hubs;

	private final Clock clock;

	LocalGroupsController(HubOperations hubs, Clock clock) {
		this.hubs = hubs;
		this.clock = clock;
	}

	/**
	 * A page of a group's connections (its own and its users' members), in connection id
	 * order. The continuation token carries how many were listed and the last id, so a
	 * page never repeats or skips a member that stays, whatever joins or leaves between
	 * pages; {@code nextLink} is absolute and keeps {@code api-version}, {@code top} and
	 * the page size. Query names match in any case ({@code maxPageSize}).
	 */
	@GetMapping("/hubs/{hub}/groups/{group}/connections")
	public ResponseEntity<String> listConnections(@PathVariable String hub, @PathVariable String group,
			HttpServletRequest request) {
		String name = Names.group(group);
		int pageSize = number(request, "maxpagesize", MAX_PAGE_SIZE, MAX_PAGE_SIZE);
		Integer top = (LocalRest.query(request, "top") != null) ? number(request, "top", 1, Integer.MAX_VALUE) : null;
		GroupPosition position = GroupPosition.of(LocalRest.query(request, "continuationToken"));
		List<HubOperations.Member> members = this.hubs.groupMembers(LocalRest.hub(request, hub), name)
			.stream()
			.filter((member) -> position.after(member.connectionId()))
			.toList();
		int take = Math.min(Math.min(pageSize, members.size()),
				(top != null) ? Math.max(0, top - position.listed()) : Integer.MAX_VALUE);
		List<Map<String, String>> value = new ArrayList<>();
		for (HubOperations.Member member : members.subList(0, take)) {
			value.add(
					(member.userId() != null) ? Map.of("connectionId", member.connectionId(), "userId", member.userId())
							: Map.of("connectionId", member.connectionId()));
		}
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("value", value);
		boolean more = take < members.size() && (top == null || position.listed() + take < top);
		if (more) {
			page.put("nextLink",
					nextLink(request, pageSize, top, position.next(take, members.get(take - 1).connectionId())));
		}
		return LocalRest.json(HttpStatus.OK, page);
	}

	private static String nextLink(HttpServletRequest request, int pageSize, @Nullable Integer top, String token) {
		UriComponentsBuilder link = ServletUriComponentsBuilder.fromRequestUri(request)
			.queryParam("api-version", LocalRest.query(request, "api-version"));
		String application = request.getParameter("application");
		if (application != null) {
			link.queryParam("application", application);
		}
		if (top != null) {
			link.queryParam("top", top);
		}
		return link.queryParam("maxpagesize", pageSize)
			.queryParam("continuationToken", token)
			.encode()
			.build()
			.toUriString();
	}

	private static int number(HttpServletRequest request, String name, int fallback, int max) {
		String text = LocalRest.query(request, name);
		if (text == null) {
			return fallback;
		}
		try {
			int value = Integer.parseInt(text.strip());
			if (value >= 1 && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new InvalidMessageException(name + " must be a whole number from 1 to " + max);
	}

	@RequestMapping(path = { "/hubs/{hub}/connections/{connectionId}", "/v1/hubs/{hub}/connections/{connectionId}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> connectionExists(@PathVariable String hub, @PathVariable String connectionId,
			HttpServletRequest request) {
		return LocalRest.exists(
				this.hubs.connectionExists(LocalRest.hub(request, hub), Names.connectionId(connectionId)),
				"Warning.Connection.NotExisted");
	}

	@RequestMapping(path = { "/hubs/{hub}/users/{user}", "/v1/hubs/{hub}/users/{user}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> userExists(@PathVariable String hub, @PathVariable String user,
			HttpServletRequest request) {
		return LocalRest.exists(this.hubs.userExists(LocalRest.hub(request, hub), Names.user(user)),
				"Warning.User.NotExisted");
	}

	@RequestMapping(path = { "/hubs/{hub}/groups/{group}", "/v1/hubs/{hub}/groups/{group}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> groupExists(@PathVariable String hub, @PathVariable String group,
			HttpServletRequest request) {
		return LocalRest.exists(this.hubs.groupExists(LocalRest.hub(request, hub), Names.group(group)),
				"Warning.Group.NotExisted");
	}

	@PutMapping("/hubs/{hub}/groups/{group}/connections/{connectionId}")
	public ResponseEntity<String> addConnectionToGroup(@PathVariable String hub, @PathVariable String group,
			@PathVariable String connectionId, HttpServletRequest request) {
		boolean added = this.hubs.addToGroup(LocalRest.hub(request, hub), Names.group(group),
				Names.connectionId(connectionId));
		return LocalRest.changed(added, "Error.Connection.NotExisted");
	}

	@DeleteMapping("/hubs/{hub}/groups/{group}/connections/{connectionId}")
	public ResponseEntity<String> removeConnectionFromGroup(@PathVariable String hub, @PathVariable String group,
			@PathVariable String connectionId, HttpServletRequest request) {
		boolean known = this.hubs.removeFromGroup(LocalRest.hub(request, hub), Names.group(group),
				Names.connectionId(connectionId));
		return LocalRest.changed(known, "Warning.Connection.NotExisted");
	}

	@DeleteMapping("/hubs/{hub}/connections/{connectionId}/groups")
	public ResponseEntity<String> removeConnectionFromAllGroups(@PathVariable String hub,
			@PathVariable String connectionId, HttpServletRequest request) {
		this.hubs.removeFromAllGroups(LocalRest.hub(request, hub), Names.connectionId(connectionId));
		return LocalRest.ok();
	}

	@PutMapping({ "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" })
	public ResponseEntity<String> addUserToGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, @RequestParam(required = false) @Nullable Long ttl,
			HttpServletRequest request) {
		// The Swagger's ttl is an int32 of seconds; a larger one overflowed the expiry's
		// arithmetic into a 500
		if (ttl != null && (ttl < 0 || ttl > Integer.MAX_VALUE)) {
			throw new InvalidMessageException("ttl must be a whole number of seconds from 0 to " + Integer.MAX_VALUE);
		}
		String name = LocalRest.hub(request, hub);
		String userId = Names.user(user);
		if (ttl != null && ttl == 0) {
			// "If ttl = 0, only the current connected connections of the target user will
			// be added to the target group" (Swagger): they join as connections, and the
			// user's later connections do not
			this.hubs.execute(name, ODataFilter.parse("userId eq '" + userId.replace("'", "''") + "'"),
					List.of(new HubCommand.Join(Names.group(group))));
			return LocalRest.ok();
		}
		this.hubs.addUserToGroup(name, userId, Names.group(group),
				(ttl != null) ? this.clock.instant().plus(Duration.ofSeconds(ttl)) : null);
		return LocalRest.ok();
	}

	@DeleteMapping({ "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" })
	public ResponseEntity<Void> removeUserFromGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, HttpServletRequest request) {
		this.hubs.removeUserFromGroup(LocalRest.hub(request, hub), Names.user(user), Names.group(group));
		return ResponseEntity.noContent().build();
	}

	@RequestMapping(path = { "/hubs/{hub}/users/{user}/groups/{group}", "/v1/hubs/{hub}/groups/{group}/users/{user}" },
			method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> userInGroup(@PathVariable String hub, @PathVariable String user,
			@PathVariable String group, HttpServletRequest request) {
		return LocalRest.exists(
				this.hubs.userInGroup(LocalRest.hub(request, hub), Names.user(user), Names.group(group)),
				"Info.User.NotInGroup");
	}

	@DeleteMapping({ "/hubs/{hub}/users/{user}/groups", "/v1/hubs/{hub}/users/{user}/groups" })
	public ResponseEntity<Void> removeUserFromAllGroups(@PathVariable String hub, @PathVariable String user,
			HttpServletRequest request) {
		this.hubs.removeUserFromAllGroups(LocalRest.hub(request, hub), Names.user(user));
		return ResponseEntity.noContent().build();
	}

}
