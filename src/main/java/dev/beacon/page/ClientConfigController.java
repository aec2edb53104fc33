package dev.beacon.page;

import dev.beacon.endpoint.Hubs;
import dev.beacon.presence.PresenceProperties;
import dev.beacon.upstream.UpstreamProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the status page needs to know before it renders its controls. Public: it holds no
 * secret, only whether optional features are on.
 */
@RestController
class ClientConfigController {

	private final Hubs hubs;

	private final boolean broadcastEnabled;

	private final boolean presenceCount;

	ClientConfigController(Hubs hubs, UpstreamProperties upstream, PresenceProperties presence) {
		this.hubs = hubs;
		this.broadcastEnabled = upstream.broadcastEnabled();
		this.presenceCount = presence.enabled() && presence.publicCount();
	}

	@GetMapping("/api/client-config")
	ClientConfig clientConfig() {
		return new ClientConfig(this.hubs.defaultHub(), this.broadcastEnabled, this.presenceCount);
	}

	/**
	 * @param hub the hub the page connects to
	 * @param broadcastEnabled whether clients may invoke the built-in {@code broadcast}
	 * @param presenceCount whether the page may show how many are connected
	 */
	record ClientConfig(String hub, boolean broadcastEnabled, boolean presenceCount) {
	}

}
