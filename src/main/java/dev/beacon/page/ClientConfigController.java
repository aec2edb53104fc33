package dev.beacon.page;

import dev.beacon.endpoint.Hubs;
import dev.beacon.inbox.InboxProperties;
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

	private final boolean inbox;

	ClientConfigController(Hubs hubs, UpstreamProperties upstream, PresenceProperties presence, InboxProperties inbox) {
		this.hubs = hubs;
		this.broadcastEnabled = upstream.broadcastEnabled();
		this.presenceCount = presence.enabled() && presence.publicCount();
		this.inbox = inbox.enabled();
	}

	@GetMapping("/api/client-config")
	ClientConfig clientConfig() {
		return new ClientConfig(this.hubs.defaultHub(), this.broadcastEnabled, this.presenceCount, this.inbox);
	}

	/**
	 * @param hub the hub the page connects to
	 * @param broadcastEnabled whether clients may invoke the built-in {@code broadcast}
	 * @param presenceCount whether the page may show how many are connected
	 * @param inbox whether statuses to the user are kept until acknowledged ({@code ack})
	 */
	record ClientConfig(String hub, boolean broadcastEnabled, boolean presenceCount, boolean inbox) {
	}

}
