package dev.beacon.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.beacon.store.StoreOperations;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Presence every replica shares, in Redis. Each change is one Lua script, so it is atomic
 * and idempotent whatever the replicas do at the same time. A hub's keys all carry the
 * hash tag {@code {hub}}, so they live in one slot. Layout under
 * {@code <prefix>presence:{<hub>}:}: {@code conns} (hash: connection to
 * {@code <connectedAt ms>|<user>}), {@code seen} (sorted set by when last heard of),
 * {@code users} (sorted set of users online, for paging by name), {@code user:<u>} and
 * {@code anon} (sets of connections), {@code gone:<c>} (a disconnect's tombstone, with a
 * TTL), {@code gconn:<g>} / {@code cgroups:<c>} (connections in groups and back),
 * {@code gusers:<g>} / {@code ugroups:<u>} (users in groups and back).
 */
final class RedisPresenceStore implements PresenceStore {

	private final StringRedisTemplate redis;

	private final StoreOperations operations;

	private final String keyPrefix;

	RedisPresenceStore(StringRedisTemplate redis, StoreOperations operations, String keyPrefix) {
		this.redis = redis;
		this.operations = operations;
		this.keyPrefix = keyPrefix;
	}

	/** Every key of a hub starts with this; the braces make it one cluster slot. */
	private String prefix(String hub) {
		return this.keyPrefix + "presence:{" + hub + "}:";
	}

	@Override
	public boolean connected(String hub, String connectionId, @Nullable String userId, Instant at) {
		return run("presence.connected", PresenceScripts.CONNECTED, hub, connectionId, (userId != null) ? userId : "",
				String.valueOf(at.toEpochMilli())) == 1;
	}

	@Override
	public boolean disconnected(String hub, String connectionId, Instant at, Duration tombstoneTtl) {
		return run("presence.disconnected", PresenceScripts.DISCONNECTED, hub, connectionId,
				String.valueOf(tombstoneTtl.toMillis())) == 1;
	}

	@Override
	public void joined(String hub, String group, String connectionId) {
		run("presence.joined", PresenceScripts.JOINED, hub, group, connectionId);
	}

	@Override
	public void left(String hub, String group, String connectionId) {
		run("presence.left", PresenceScripts.LEFT, hub, group, connectionId);
	}

	@Override
	public void leftAllGroups(String hub, String connectionId) {
		run("presence.left-all", PresenceScripts.LEFT_ALL, hub, connectionId);
	}

	@Override
	public void userJoined(String hub, String group, String userId) {
		run("presence.user-joined", PresenceScripts.USER_JOINED, hub, group, userId);
	}

	@Override
	public void userLeft(String hub, String group, String userId) {
		run("presence.user-left", PresenceScripts.USER_LEFT, hub, group, userId);
	}

	@Override
	public void userLeftAllGroups(String hub, String userId) {
		run("presence.user-left-all", PresenceScripts.USER_LEFT_ALL, hub, userId);
	}

	@Override
	public Presence.Counts counts(String hub) {
		List<?> counts = list("presence.counts", PresenceScripts.COUNTS, hub);
		long connections = number(counts.get(0));
		return new Presence.Counts(connections, number(counts.get(1)), number(counts.get(2)));
	}

	@Override
	public Presence.UsersPage users(String hub, int limit, @Nullable String after) {
		List<?> found = list("presence.users", PresenceScripts.USERS, hub, (after != null) ? after : "",
				String.valueOf(limit + 1));
		List<Presence.User> users = new ArrayList<>();
		for (int i = 0; i + 1 < found.size(); i += 2) {
			users
				.add(new Presence.User(String.valueOf(found.get(i)), Long.parseLong(String.valueOf(found.get(i + 1)))));
		}
		if (users.size() > limit) {
			List<Presence.User> page = List.copyOf(users.subList(0, limit));
			return new Presence.UsersPage(page, page.getLast().userId());
		}
		return new Presence.UsersPage(users, null);
	}

	@Override
	public Presence.UserConnections user(String hub, String userId) {
		List<?> found = list("presence.user", PresenceScripts.USER, hub, userId);
		List<Presence.Connection> connections = new ArrayList<>();
		for (int i = 0; i + 1 < found.size(); i += 2) {
			connections.add(new Presence.Connection(String.valueOf(found.get(i)), connectedAt(found.get(i + 1))));
		}
		connections.sort(Comparator.comparing(Presence.Connection::connectedAt));
		return new Presence.UserConnections(userId, connections);
	}

	@Override
	public Presence.Group group(String hub, String group) {
		List<?> found = list("presence.group", PresenceScripts.GROUP, hub, group);
		List<String> connections = new ArrayList<>();
		java.util.Set<String> users = new java.util.TreeSet<>();
		for (int i = 0; i + 1 < found.size(); i += 2) {
			connections.add(String.valueOf(found.get(i)));
			String value = String.valueOf(found.get(i + 1));
			String user = value.substring(value.indexOf('|') + 1);
			if (!user.isEmpty()) {
				users.add(user);
			}
		}
		connections.sort(null);
		return new Presence.Group(group, connections, List.copyOf(users));
	}

	@Override
	public List<String> claimStale(String hub, Instant before, Instant now, int limit) {
		return list("presence.claim-stale", PresenceScripts.CLAIM_STALE, hub, String.valueOf(before.toEpochMilli()),
				String.valueOf(now.toEpochMilli()), String.valueOf(limit))
			.stream()
			.map(String::valueOf)
			.toList();
	}

	private long run(String operation, RedisScript<Long> script, String hub, String... arguments) {
		Long result = this.operations.call(operation,
				() -> this.redis.execute(script, slotKey(hub), withPrefix(hub, arguments)));
		return (result != null) ? result : 0;
	}

	@SuppressWarnings("rawtypes")
	private List<?> list(String operation, RedisScript<List> script, String hub, String... arguments) {
		List<?> result = this.operations.call(operation,
				() -> this.redis.execute(script, slotKey(hub), withPrefix(hub, arguments)));
		return (result != null) ? result : List.of();
	}

	/**
	 * One key of the hub, declared so that a clustered Redis runs the script on the node
	 * that owns the hub's slot; every key the script touches has the same hash tag.
	 */
	private List<String> slotKey(String hub) {
		return List.of(prefix(hub) + "conns");
	}

	private Object[] withPrefix(String hub, String[] arguments) {
		Object[] all = new Object[arguments.length + 1];
		all[0] = prefix(hub);
		System.arraycopy(arguments, 0, all, 1, arguments.length);
		return all;
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : Long.parseLong(String.valueOf(value));
	}

	private static Instant connectedAt(Object value) {
		String text = String.valueOf(value);
		return Instant.ofEpochMilli(Long.parseLong(text.substring(0, text.indexOf('|'))));
	}

}
