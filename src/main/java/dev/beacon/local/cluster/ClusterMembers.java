package dev.beacon.local.cluster;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.local.hub.HubState;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalHubs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * This replica's connections as the cluster sees them: each registered in Redis while it
 * lives, its user's group memberships (kept in Redis) applied here when it starts, and
 * the channels it needs subscribed (its own, its user's, its groups') while it is in
 * them.
 */
final class ClusterMembers implements LocalHubs.Listener {

	private static final Log logger = LogFactory.getLog(ClusterMembers.class);

	private static final Refusal DUPLICATE = new Refusal("This connection is open on another replica.");

	private static final Refusal UNAVAILABLE = new Refusal(
			"The service's shared state (Redis) is unavailable; connect again later.");

	private final LocalHubs hubs;

	private final ClusterState state;

	private final ClusterBus bus;

	private final ClusterKeys keys;

	/** The group channels each local connection holds a need for. */
	private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();

	ClusterMembers(LocalHubs hubs, ClusterState state, ClusterBus bus, ClusterKeys keys) {
		this.hubs = hubs;
		this.state = state;
		this.bus = bus;
		this.keys = keys;
	}

	@Override
	public @Nullable Refusal activated(LocalConnection connection) {
		String hub = connection.info().hub();
		String user = connection.userId();
		try {
			if (!this.state.connected(hub, connection.id(), this.bus.replica(), user)) {
				// Its token was used twice; the entries are the other replica's
				return DUPLICATE;
			}
			this.groups.put(connection.id(), new HashSet<>());
			this.bus.need(this.keys.connectionChannel(hub, connection.id()));
			if (user != null) {
				this.bus.need(this.keys.userChannel(hub, user));
				HubState hubState = this.hubs.hub(hub);
				this.state.userGroups(hub, user)
					.forEach((group, expiry) -> hubState.addUserToGroup(user, group, Instant.ofEpochMilli(expiry)));
			}
			recompute(connection);
			return null;
		}
		catch (RuntimeException ex) {
			logger.warn("Refusing connection " + connection.id() + ": " + ex.getMessage());
			removed(connection);
			return UNAVAILABLE;
		}
	}

	@Override
	public void removed(LocalConnection connection) {
		String hub = connection.info().hub();
		Set<String> held = this.groups.remove(connection.id());
		if (held == null) {
			// Never registered (a duplicate): the entries are the other replica's
			return;
		}
		try {
			synchronized (held) {
				held.forEach((group) -> this.bus.release(this.keys.groupChannel(hub, group)));
			}
			this.bus.release(this.keys.connectionChannel(hub, connection.id()));
			if (connection.userId() != null) {
				this.bus.release(this.keys.userChannel(hub, connection.userId()));
			}
			this.state.disconnected(hub, connection.id(), connection.userId());
		}
		catch (RuntimeException ex) {
			// Redis is away: the survivors' sweep of dead entries, or this replica's
			// re-registration when Redis returns, puts the shared state right.
			logger.debug("Connection " + connection.id() + " left while Redis was away: " + ex.getMessage());
		}
	}

	/**
	 * Brings a local connection's group subscriptions in line with its groups here (its
	 * own and its user's), after any change of either.
	 */
	void recompute(LocalConnection connection) {
		String hub = connection.info().hub();
		if (this.hubs.connection(hub, connection.id()) != connection) {
			return;
		}
		Set<String> now = this.hubs.hub(hub).groupsOf(connection, this.hubs.now());
		Set<String> held = this.groups.get(connection.id());
		if (held == null) {
			return;
		}
		synchronized (held) {
			for (String group : now) {
				if (held.add(group)) {
					this.bus.need(this.keys.groupChannel(hub, group));
				}
			}
			for (String group : Set.copyOf(held)) {
				if (!now.contains(group)) {
					held.remove(group);
					this.bus.release(this.keys.groupChannel(hub, group));
				}
			}
		}
	}

	/**
	 * Registers every connection of this replica again, with its own group memberships,
	 * after Redis lost them.
	 */
	void registerAgain() {
		for (LocalConnection connection : this.hubs.all()) {
			String hub = connection.info().hub();
			if (!connection.isHandshaken() || this.hubs.connection(hub, connection.id()) != connection) {
				continue;
			}
			this.state.connected(hub, connection.id(), this.bus.replica(), connection.userId());
			this.hubs.hub(hub)
				.directGroupsOf(connection.id())
				.forEach((group) -> this.state.groups().joined(hub, group, connection.id()));
		}
	}

	/** {@link #recompute} for every local connection of a user. */
	void recomputeUser(String hub, String userId) {
		this.hubs.stream(hub, (hubState) -> hubState.user(userId)).toList().forEach(this::recompute);
	}

}
