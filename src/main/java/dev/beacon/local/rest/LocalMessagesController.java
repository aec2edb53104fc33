package dev.beacon.local.rest;

import java.util.List;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.RegisteredInMode;
import dev.beacon.local.access.LocalAuthenticationInterceptor;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.HubOperations;
import dev.beacon.local.hub.OutgoingMessage;
import dev.beacon.protocol.Names;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sends and closes of the local service's data-plane REST API: the 2022-06-01 paths
 * and, for sends, the legacy {@code /api/v1} ones. A message is serialised once per
 * protocol and the same bytes go to every recipient speaking it. Every call was
 * token-checked before its body was read ({@link LocalAuthenticationInterceptor}).
 */
@RestController
@Hidden
@RegisteredInMode(BeaconMode.LOCAL)
@RequestMapping("${beacon.local.path-prefix:" + LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX + "}/api")
class LocalMessagesController {

	private final HubOperations hubs;

	private final LocalPayloads payloads;

	LocalMessagesController(HubOperations hubs, LocalPayloads payloads) {
		this.hubs = hubs;
		this.payloads = payloads;
	}

	/**
	 * The token was checked before this runs ({@link LocalAuthenticationInterceptor}).
	 */
	@RequestMapping(path = { "/health", "/v1/health" }, method = { RequestMethod.HEAD, RequestMethod.GET })
	public ResponseEntity<Void> health() {
		return ResponseEntity.ok().build();
	}

	@PostMapping({ "/hubs/{hub}/:send", "/v1/hubs/{hub}" })
	public ResponseEntity<String> sendToAll(@PathVariable String hub,
			@RequestBody(required = false) @Nullable String body,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.sendToAll(LocalRest.hub(request, hub), message(body), LocalRest.connectionIds(excluded));
		return LocalRest.accepted();
	}

	@PostMapping({ "/hubs/{hub}/users/{user}/:send", "/v1/hubs/{hub}/users/{user}" })
	public ResponseEntity<String> sendToUser(@PathVariable String hub, @PathVariable String user,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		this.hubs.sendToUser(LocalRest.hub(request, hub), Names.user(user), message(body));
		return LocalRest.accepted();
	}

	@PostMapping({ "/hubs/{hub}/groups/{group}/:send", "/v1/hubs/{hub}/groups/{group}" })
	public ResponseEntity<String> sendToGroup(@PathVariable String hub, @PathVariable String group,
			@RequestBody(required = false) @Nullable String body,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.sendToGroup(LocalRest.hub(request, hub), Names.group(group), message(body),
				LocalRest.connectionIds(excluded));
		return LocalRest.accepted();
	}

	@PostMapping({ "/hubs/{hub}/connections/{connectionId}/:send", "/v1/hubs/{hub}/connections/{connectionId}" })
	public ResponseEntity<String> sendToConnection(@PathVariable String hub, @PathVariable String connectionId,
			@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
		this.hubs.sendToConnection(LocalRest.hub(request, hub), Names.connectionId(connectionId), message(body));
		return LocalRest.accepted();
	}

	@PostMapping("/hubs/{hub}/:closeConnections")
	public ResponseEntity<Void> closeAll(@PathVariable String hub,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.closeAll(LocalRest.hub(request, hub), LocalRest.connectionIds(excluded), reason(reason));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/hubs/{hub}/groups/{group}/:closeConnections")
	public ResponseEntity<Void> closeGroup(@PathVariable String hub, @PathVariable String group,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.closeGroup(LocalRest.hub(request, hub), Names.group(group), LocalRest.connectionIds(excluded),
				reason(reason));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/hubs/{hub}/users/{user}/:closeConnections")
	public ResponseEntity<Void> closeUser(@PathVariable String hub, @PathVariable String user,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable List<String> excluded, HttpServletRequest request) {
		this.hubs.closeUser(LocalRest.hub(request, hub), Names.user(user), LocalRest.connectionIds(excluded),
				reason(reason));
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping({ "/hubs/{hub}/connections/{connectionId}", "/v1/hubs/{hub}/connections/{connectionId}" })
	public ResponseEntity<String> closeConnection(@PathVariable String hub, @PathVariable String connectionId,
			@RequestParam(required = false) @Nullable String reason, HttpServletRequest request) {
		this.hubs.closeConnection(LocalRest.hub(request, hub), Names.connectionId(connectionId), reason(reason));
		return LocalRest.ok();
	}

	private static String reason(@Nullable String reason) {
		return (reason != null) ? reason : "Closed by the server";
	}

	private OutgoingMessage message(@Nullable String body) {
		return this.payloads.message(body);
	}

}
