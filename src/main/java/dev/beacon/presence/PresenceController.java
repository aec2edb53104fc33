package dev.beacon.presence;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import java.util.Map;

import dev.beacon.endpoint.Hubs;
import dev.beacon.protocol.Names;
import dev.beacon.system.Problems;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who is connected to a hub. Everything but the bare connection count needs an API key:
 * it reveals user IDs.
 */
@RestController
@RequestMapping("/api/hubs/{hub}/presence")
class PresenceController {

	private final PresenceService presence;

	private final PresenceProperties properties;

	private final Hubs hubs;

	PresenceController(PresenceService presence, PresenceProperties properties, Hubs hubs) {
		this.presence = presence;
		this.properties = properties;
		this.hubs = hubs;
	}

	@GetMapping
	@RequiresScope(Scope.PRESENCE_READ)
	Presence.Counts counts(@PathVariable String hub) {
		return this.presence.counts(hub(hub));
	}

	/** The count the status page shows, without a key unless configured otherwise. */
	@GetMapping("/count")
	Map<String, Long> count(@PathVariable String hub) {
		if (!this.properties.publicCount()) {
			throw new ErrorResponseException(HttpStatus.NOT_FOUND,
					Problems.of(HttpStatus.NOT_FOUND, "Not Found",
							"The public count is off (beacon.presence.public-count): use /presence with an API key"),
					null);
		}
		return Map.of("connections", this.presence.counts(hub(hub)).connections());
	}

	@GetMapping("/users")
	@RequiresScope(Scope.PRESENCE_READ)
	Presence.UsersPage users(@PathVariable String hub, @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(required = false) @Nullable String cursor) {
		return this.presence.users(hub(hub), limit, (cursor != null) ? Names.user(cursor) : null);
	}

	@GetMapping("/users/{userId}")
	@RequiresScope(Scope.PRESENCE_READ)
	Presence.UserConnections user(@PathVariable String hub, @PathVariable String userId) {
		return this.presence.user(hub(hub), Names.user(userId));
	}

	@GetMapping("/groups/{group}")
	@RequiresScope(Scope.PRESENCE_READ)
	Presence.Group group(@PathVariable String hub, @PathVariable String group) {
		return this.presence.group(hub(hub), Names.group(group));
	}

	private String hub(String hub) {
		String known = this.hubs.require(hub);
		if (!this.properties.enabled()) {
			throw new ErrorResponseException(HttpStatus.NOT_FOUND,
					Problems.of(HttpStatus.NOT_FOUND, "Not Found", "Presence is off (beacon.presence.enabled)"), null);
		}
		return known;
	}

}
