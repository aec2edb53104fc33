package dev.beacon.endpoint;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import dev.beacon.protocol.Names;

/**
 * The hubs Beacon serves, lower-cased as the service uses them: the default hub first.
 */
public final class Hubs {

	private final String defaultHub;

	private final Set<String> all;

	public Hubs(String defaultHub, Collection<String> extraHubs) {
		this.defaultHub = Names.hub(defaultHub);
		Set<String> all = new LinkedHashSet<>();
		all.add(this.defaultHub);
		extraHubs.stream().map(Names::hub).forEach(all::add);
		this.all = Set.copyOf(all);
	}

	public String defaultHub() {
		return this.defaultHub;
	}

	public Set<String> all() {
		return this.all;
	}

	/**
	 * Resolves a hub named in a request, case-insensitively.
	 * @param hub the hub as given
	 * @return the configured hub, lower-cased
	 * @throws UnknownHubException when the hub is not configured
	 */
	public String require(String hub) {
		String lower = (hub != null) ? hub.toLowerCase(Locale.ROOT) : "";
		if (!this.all.contains(lower)) {
			throw new UnknownHubException(hub);
		}
		return lower;
	}

}
