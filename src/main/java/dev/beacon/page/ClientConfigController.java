package dev.beacon.page;

import dev.beacon.endpoint.Hubs;
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

	ClientConfigController(Hubs hubs, UpstreamProperties upstream) {
		this.hubs = hubs;
		this.broadcastEnabled = upstream.broadcastEnabled();
	}

	@GetMapping("/api/client-config")
	ClientConfig clientConfig() {
		return new ClientConfig(this.hubs.defaultHub(), this.broadcastEnabled);
	}

	/**
	 * @param hub the hub the page connects to
	 * @param broadcastEnabled whether clients may invoke the built-in {@code broadcast}
	 */
	record ClientConfig(String hub, boolean broadcastEnabled) {
	}

}
