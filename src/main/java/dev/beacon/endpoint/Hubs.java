package dev.beacon.endpoint;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import dev.beacon.protocol.Names;
import org.jspecify.annotations.Nullable;

/**
 * The hubs Beacon serves, lower-cased as the service uses them: the default hub first.
 * With an application name ({@code beacon.signalr.application}), the service knows each
 * hub as {@code {application}_{hub}}: clients connect to that hub and the upstream names
 * it so, while Beacon's API, hub methods and stores use the hub's own name (the REST
 * client adds the {@code application} parameter to its calls).
 */
public final class Hubs {

	private final String defaultHub;

	private final Set<String> all;

	private final @Nullable String application;

	public Hubs(String defaultHub, Collection<String> extraHubs) {
		this(defaultHub, extraHubs, null);
	}

	public Hubs(String defaultHub, Collection<String> extraHubs, @Nullable String application) {
		this.application = (application != null) ? Names.application(application) : null;
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
	 * The name the service knows a hub by, as clients connect to it.
	 * @param hub one of Beacon's hubs
	 * @return {@code {application}_{hub}}, or the hub without an application name
	 */
	public String serviceHub(String hub) {
		return Names.serviceHub(this.application, hub);
	}

	/**
	 * Resolves a hub the service names (the upstream's {@code X-ASRS-Hub}): with an
	 * application name, only its hubs, the prefix taken off.
	 * @param serviceHub the hub as the service names it
	 * @return the configured hub, lower-cased
	 * @throws UnknownHubException when the hub is not one of Beacon's (or of another
	 * application)
	 */
	public String requireFromService(String serviceHub) {
		if (this.application == null) {
			return require(serviceHub);
		}
		String lower = (serviceHub != null) ? serviceHub.toLowerCase(Locale.ROOT) : "";
		String prefix = this.application + "_";
		if (!lower.startsWith(prefix)) {
			throw new UnknownHubException(serviceHub);
		}
		return require(lower.substring(prefix.length()));
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
