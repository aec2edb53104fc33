package dev.beacon.local.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.beacon.local.hub.HubOperations.Member;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.store.StoreOperations;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What every replica must see of the clustered local service, kept in Redis: which
 * replica owns each connection and its user, each user's connections, each group's direct
 * members (and each connection's groups, to clean up after it), and user-group
 * memberships with their expiry. Existence checks and group listings read it; the replica
 * that owns a connection writes its entries.
 */
final class ClusterState {

	private final StringRedisTemplate redis;

	private final StoreOperations store;

	private final ClusterKeys keys;

	private final Clock clock;

	private final ClusterGroups groups;

	ClusterState(StringRedisTemplate redis, StoreOperations store, ClusterKeys keys, Clock clock) {
		this.redis = redis;
		this.store = store;
		this.keys = keys;
		this.clock = clock;
		this.groups = new ClusterGroups(redis, store, keys);
	}

	/** The groups connections joined themselves. */
	ClusterGroups groups() {
		return this.groups;
	}

	/**
	 * Registers a connection of this replica.
	 * @return false when another replica has a connection of that id already (its token
	 * was used twice)
	 */
	boolean connected(String hub, String connectionId, String replica, @Nullable String userId) {
		return this.store.call("local.connected", () -> {
			this.redis.opsForSet().add(this.keys.hubs(), hub);
			Boolean added = this.redis.opsForHash()
				.putIfAbsent(this.keys.connections(hub), connectionId,
						replica + "\n" + ((userId != null) ? userId : ""));
			if (!Boolean.TRUE.equals(added)) {
				return false;
			}
			if (userId != null) {
				this.redis.opsForSet().add(this.keys.user(hub, userId), connectionId);
			}
			return true;
		});
	}

	/**
	 * Records a connection token as taken, for as long as it could be valid on any
	 * replica (twice its lifetime, for clocks that differ).
	 * @return true the first time, on whichever replica
	 */
	boolean firstUse(String token, Duration lifetime) {
		return this.store.call("local.token", () -> Boolean.TRUE
			.equals(this.redis.opsForValue().setIfAbsent(this.keys.token(token), "1", lifetime.multipliedBy(2))));
	}

	void disconnected(String hub, String connectionId, @Nullable String userId) {
		this.store.run("local.disconnected", () -> {
			this.groups.leaveAll(hub, connectionId);
			this.redis.opsForHash().delete(this.keys.connections(hub), connectionId);
			if (userId != null) {
				this.redis.opsForSet().remove(this.keys.user(hub, userId), connectionId);
			}
		});
	}

	/** The replica that owns a connection, or null when there is none. */
	@Nullable String owner(String hub, String connectionId) {
		Object entry = this.store.call("local.owner",
				() -> this.redis.opsForHash().get(this.keys.connections(hub), connectionId));
		return (entry != null) ? entry.toString().substring(0, entry.toString().indexOf('\n')) : null;
	}

	boolean userExists(String hub, String userId) {
		Long count = this.store.call("local.user-exists",
				() -> this.redis.opsForSet().size(this.keys.user(hub, userId)));
		return count != null && count > 0;
	}

	void userJoined(String hub, String userId, String group, long expiresAtMillis) {
		this.store.run("local.user-joined", () -> {
			this.redis.opsForHash().put(this.keys.userGroups(hub, userId), group, Long.toString(expiresAtMillis));
			this.redis.opsForHash().put(this.keys.groupUsers(hub, group), userId, Long.toString(expiresAtMillis));
			this.redis.opsForZSet().remove(this.keys.userGroupsWithoutTtl(hub, userId), group);
		});
	}

	/**
	 * Records a membership given without a ttl.
	 * @return the user's groups joined so beyond the latest updated
	 * {@value LocalHubs#MAX_USER_GROUPS_WITHOUT_TTL}, oldest first, for the caller to
	 * remove the user from
	 */
	List<String> userJoinedWithoutTtl(String hub, String userId, String group, long expiresAtMillis) {
		return this.store.call("local.user-joined", () -> {
			String withoutTtl = this.keys.userGroupsWithoutTtl(hub, userId);
			this.redis.opsForHash().put(this.keys.userGroups(hub, userId), group, Long.toString(expiresAtMillis));
			this.redis.opsForHash().put(this.keys.groupUsers(hub, group), userId, Long.toString(expiresAtMillis));
			this.redis.opsForZSet().add(withoutTtl, group, this.clock.millis());
			Long count = this.redis.opsForZSet().size(withoutTtl);
			long excess = (count != null) ? count - LocalHubs.MAX_USER_GROUPS_WITHOUT_TTL : 0;
			Set<String> oldest = (excess > 0) ? this.redis.opsForZSet().range(withoutTtl, 0, excess - 1) : null;
			return (oldest != null) ? List.copyOf(oldest) : List.<String>of();
		});
	}

	void userLeft(String hub, String userId, String group) {
		this.store.run("local.user-left", () -> {
			this.redis.opsForHash().delete(this.keys.userGroups(hub, userId), group);
			this.redis.opsForHash().delete(this.keys.groupUsers(hub, group), userId);
			this.redis.opsForZSet().remove(this.keys.userGroupsWithoutTtl(hub, userId), group);
		});
	}

	void userLeftAll(String hub, String userId) {
		this.store.run("local.user-left-all", () -> {
			this.redis.opsForHash()
				.keys(this.keys.userGroups(hub, userId))
				.forEach(
						(group) -> this.redis.opsForHash().delete(this.keys.groupUsers(hub, group.toString()), userId));
			this.redis.delete(this.keys.userGroups(hub, userId));
			this.redis.delete(this.keys.userGroupsWithoutTtl(hub, userId));
		});
	}

	/**
	 * A user's group memberships that have not expired, group to expiry (epoch ms); the
	 * expired ones are deleted (read when a connection of the user starts, so a user's
	 * entries do not pile up).
	 */
	Map<String, Long> userGroups(String hub, String userId) {
		return this.store.call("local.user-groups", () -> {
			Map<Object, Object> entries = this.redis.opsForHash().entries(this.keys.userGroups(hub, userId));
			Map<String, Long> live = live(entries);
			for (Object group : entries.keySet()) {
				if (!live.containsKey(group.toString())) {
					this.redis.opsForHash().delete(this.keys.userGroups(hub, userId), group);
					this.redis.opsForHash().delete(this.keys.groupUsers(hub, group.toString()), userId);
					this.redis.opsForZSet().remove(this.keys.userGroupsWithoutTtl(hub, userId), group);
				}
			}
			return live;
		});
	}

	boolean userInGroup(String hub, String userId, String group) {
		return this.store.call("local.user-in-group", () -> {
			Object expiry = this.redis.opsForHash().get(this.keys.userGroups(hub, userId), group);
			if (expiry != null && Long.parseLong(expiry.toString()) > this.clock.millis()) {
				return true;
			}
			Set<String> both = this.redis.opsForSet()
				.intersect(this.keys.user(hub, userId), this.keys.group(hub, group));
			return both != null && !both.isEmpty();
		});
	}

	/** A group's connections, its own members and its users', by connection id. */
	List<Member> members(String hub, String group) {
		return this.store.call("local.group-members", () -> {
			Set<String> ids = new HashSet<>();
			Set<String> direct = this.redis.opsForSet().members(this.keys.group(hub, group));
			if (direct != null) {
				ids.addAll(direct);
			}
			for (String user : live(this.redis.opsForHash().entries(this.keys.groupUsers(hub, group))).keySet()) {
				Set<String> connections = this.redis.opsForSet().members(this.keys.user(hub, user));
				if (connections != null) {
					ids.addAll(connections);
				}
			}
			List<String> sorted = new ArrayList<>(ids);
			sorted.sort(Comparator.naturalOrder());
			List<Object> entries = sorted.isEmpty() ? List.of()
					: this.redis.opsForHash().multiGet(this.keys.connections(hub), new ArrayList<>(sorted));
			List<Member> members = new ArrayList<>();
			for (int i = 0; i < sorted.size(); i++) {
				Object entry = entries.get(i);
				if (entry != null) {
					String user = entry.toString().substring(entry.toString().indexOf('\n') + 1);
					members.add(new Member(sorted.get(i), user.isEmpty() ? null : user));
				}
			}
			return members;
		});
	}

	/** Every connection an owner has, by hub: what a dead replica leaves behind. */
	Map<String, List<String[]>> connectionsOf(String replica) {
		return this.store.call("local.connections-of", () -> {
			Map<String, List<String[]>> owned = new TreeMap<>();
			Set<String> hubs = this.redis.opsForSet().members(this.keys.hubs());
			for (String hub : (hubs != null) ? hubs : Set.<String>of()) {
				this.redis.opsForHash().entries(this.keys.connections(hub)).forEach((id, entry) -> {
					String[] parts = entry.toString().split("\n", 2);
					if (parts[0].equals(replica)) {
						owned.computeIfAbsent(hub, (key) -> new ArrayList<>())
							.add(new String[] { id.toString(), parts[1] });
					}
				});
			}
			return owned;
		});
	}

	private Map<String, Long> live(Map<Object, Object> entries) {
		Map<String, Long> live = new HashMap<>();
		long now = this.clock.millis();
		entries.forEach((key, value) -> {
			long expiry = Long.parseLong(value.toString());
			if (expiry > now) {
				live.put(key.toString(), expiry);
			}
		});
		return live;
	}

}
