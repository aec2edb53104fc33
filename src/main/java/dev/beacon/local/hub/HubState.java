package dev.beacon.local.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Connections, users and groups of one hub, all thread-safe. A user's group membership
 * (with its expiry) is kept apart from connection memberships, so it applies to the
 * user's current and future connections, as the service does. Of the memberships a user
 * was given without a ttl, only the latest updated
 * {@value LocalHubs#MAX_USER_GROUPS_WITHOUT_TTL} are kept (the service's rule).
 */
public final class HubState {

	private final Map<String, LocalConnection> connections = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> groupConnections = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Instant>> userGroups = new ConcurrentHashMap<>();

	/** Per user, the groups it joined without a ttl, least recently updated first. */
	private final Map<String, Set<String>> withoutTtl = new ConcurrentHashMap<>();

	/**
	 * Adds a connection, unless one with its id is here already: a duplicate never evicts
	 * a live connection.
	 * @param connection the connection
	 * @return whether it was added
	 */
	public boolean add(LocalConnection connection) {
		return this.connections.putIfAbsent(connection.id(), connection) == null;
	}

	/**
	 * Takes out a connection and its group memberships; another connection with the same
	 * id keeps both.
	 */
	public void remove(LocalConnection connection) {
		if (this.connections.remove(connection.id(), connection)) {
			this.groupConnections.values().forEach((members) -> members.remove(connection.id()));
		}
	}

	public Collection<LocalConnection> connections() {
		return this.connections.values();
	}

	public @Nullable LocalConnection connection(String connectionId) {
		return this.connections.get(connectionId);
	}

	public Stream<LocalConnection> user(String userId) {
		return this.connections.values().stream().filter((connection) -> userId.equals(connection.userId()));
	}

	public Stream<LocalConnection> group(String group, Instant now) {
		Set<String> members = this.groupConnections.getOrDefault(group, Set.of());
		return this.connections.values()
			.stream()
			.filter((connection) -> members.contains(connection.id())
					|| (connection.userId() != null && userMember(connection.userId(), group, now)));
	}

	/**
	 * Whether a user itself is in a group, its current and future connections with it: a
	 * connection that joined alone does not take its user's others along.
	 */
	private boolean userMember(String userId, String group, Instant now) {
		Map<String, Instant> groups = this.userGroups.get(userId);
		Instant expiry = (groups != null) ? groups.get(group) : null;
		return expiry != null && expiry.isAfter(now);
	}

	public boolean addToGroup(String group, String connectionId) {
		if (!this.connections.containsKey(connectionId)) {
			return false;
		}
		this.groupConnections.computeIfAbsent(group, (key) -> ConcurrentHashMap.newKeySet()).add(connectionId);
		return true;
	}

	public boolean removeFromGroup(String group, String connectionId) {
		Set<String> members = this.groupConnections.get(group);
		return members != null && members.remove(connectionId);
	}

	public void removeFromAllGroups(String connectionId) {
		this.groupConnections.values().forEach((members) -> members.remove(connectionId));
	}

	public void addUserToGroup(String userId, String group, Instant expiry) {
		this.userGroups.computeIfAbsent(userId, (key) -> new ConcurrentHashMap<>()).put(group, expiry);
		forgetWithoutTtl(userId, group);
	}

	/**
	 * Adds a user to a group without a ttl: until a default expiry, and only while the
	 * group is among the latest updated {@value LocalHubs#MAX_USER_GROUPS_WITHOUT_TTL}
	 * the user joined so; an older one leaves as by {@link #removeUserFromGroup}.
	 * @param userId the user
	 * @param group the group
	 * @param expiry the default expiry
	 */
	public void addUserToGroupWithoutTtl(String userId, String group, Instant expiry) {
		this.userGroups.computeIfAbsent(userId, (key) -> new ConcurrentHashMap<>()).put(group, expiry);
		List<String> evicted = new ArrayList<>();
		Set<String> groups = this.withoutTtl.computeIfAbsent(userId, (key) -> new LinkedHashSet<>());
		synchronized (groups) {
			groups.remove(group);
			groups.add(group);
			for (Iterator<String> oldest = groups.iterator(); groups.size() > LocalHubs.MAX_USER_GROUPS_WITHOUT_TTL;) {
				evicted.add(oldest.next());
				oldest.remove();
			}
		}
		evicted.forEach((old) -> removeUserFromGroup(userId, old));
	}

	private void forgetWithoutTtl(String userId, String group) {
		Set<String> groups = this.withoutTtl.get(userId);
		if (groups != null) {
			synchronized (groups) {
				groups.remove(group);
			}
		}
	}

	public void removeUserFromGroup(String userId, String group) {
		Map<String, Instant> groups = this.userGroups.get(userId);
		if (groups != null) {
			groups.remove(group);
		}
		forgetWithoutTtl(userId, group);
		Set<String> members = this.groupConnections.get(group);
		if (members != null) {
			user(userId).forEach((connection) -> members.remove(connection.id()));
		}
	}

	public void removeUserFromAllGroups(String userId) {
		this.userGroups.remove(userId);
		this.withoutTtl.remove(userId);
		Set<String> ids = new HashSet<>(user(userId).map(LocalConnection::id).toList());
		this.groupConnections.values().forEach((members) -> members.removeAll(ids));
	}

	/**
	 * Whether a user is in a group as the REST API's check answers it: the user itself,
	 * or any of its connections.
	 */
	public boolean userInGroup(String userId, String group, Instant now) {
		if (userMember(userId, group, now)) {
			return true;
		}
		Set<String> members = this.groupConnections.getOrDefault(group, Set.of());
		return user(userId).anyMatch((connection) -> members.contains(connection.id()));
	}

	/**
	 * Every connection's groups, its own memberships and its user's live ones: what a
	 * filter's {@code groups} means. Built once for a whole command.
	 * @param now the time, for user memberships' expiry
	 * @return groups by connection id; a connection in no group is absent
	 */
	public Map<String, Set<String>> groupsByConnection(Instant now) {
		Map<String, Set<String>> groups = new HashMap<>();
		this.groupConnections.forEach((group, members) -> members
			.forEach((id) -> groups.computeIfAbsent(id, (key) -> new HashSet<>()).add(group)));
		for (LocalConnection connection : this.connections.values()) {
			Map<String, Instant> userGroups = (connection.userId() != null) ? this.userGroups.get(connection.userId())
					: null;
			if (userGroups != null) {
				userGroups.forEach((group, expiry) -> {
					if (expiry.isAfter(now)) {
						groups.computeIfAbsent(connection.id(), (key) -> new HashSet<>()).add(group);
					}
				});
			}
		}
		return groups;
	}

	/**
	 * One connection's groups: its own memberships and its user's live ones.
	 * @param connection the connection
	 * @param now the time, for user memberships' expiry
	 * @return its groups
	 */
	public Set<String> groupsOf(LocalConnection connection, Instant now) {
		Set<String> groups = new HashSet<>();
		this.groupConnections.forEach((group, members) -> {
			if (members.contains(connection.id())) {
				groups.add(group);
			}
		});
		Map<String, Instant> userGroups = (connection.userId() != null) ? this.userGroups.get(connection.userId())
				: null;
		if (userGroups != null) {
			userGroups.forEach((group, expiry) -> {
				if (expiry.isAfter(now)) {
					groups.add(group);
				}
			});
		}
		return groups;
	}

	/** The groups a connection was added to itself (not through its user). */
	public Set<String> directGroupsOf(String connectionId) {
		Set<String> groups = new HashSet<>();
		this.groupConnections.forEach((group, members) -> {
			if (members.contains(connectionId)) {
				groups.add(group);
			}
		});
		return groups;
	}

	/** Drops user-group memberships whose TTL has passed. */
	public void expire(Instant now) {
		this.userGroups.values().forEach((groups) -> groups.values().removeIf((expiry) -> !expiry.isAfter(now)));
		this.userGroups.values().removeIf(Map::isEmpty);
		this.withoutTtl.forEach((userId, groups) -> {
			Map<String, Instant> live = this.userGroups.getOrDefault(userId, Map.of());
			synchronized (groups) {
				groups.removeIf((group) -> !live.containsKey(group));
			}
		});
		this.withoutTtl.values().removeIf(Set::isEmpty);
		this.groupConnections.values().removeIf(Set::isEmpty);
	}

	public List<LocalConnection> closedConnections() {
		return this.connections.values().stream().filter(LocalConnection::isClosed).toList();
	}

}
