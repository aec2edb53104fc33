package dev.beacon.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Presence of one replica, in memory: a state per hub, each changed under its own lock.
 */
final class MemoryPresenceStore implements PresenceStore {

	private final Map<String, HubPresence> hubs = new ConcurrentHashMap<>();

	private HubPresence hub(String hub) {
		return this.hubs.computeIfAbsent(hub, (key) -> new HubPresence());
	}

	@Override
	public boolean connected(String hub, String connectionId, @Nullable String userId, Instant at) {
		HubPresence state = hub(hub);
		synchronized (state) {
			Instant gone = state.gone.get(connectionId);
			if (gone != null && gone.isAfter(at) || state.connections.containsKey(connectionId)) {
				return false;
			}
			state.connections.put(connectionId, new Tracked(userId, at, at));
			if (userId != null) {
				state.users.computeIfAbsent(userId, (key) -> new LinkedHashSet<>()).add(connectionId);
			}
			return true;
		}
	}

	@Override
	public boolean disconnected(String hub, String connectionId, Instant at, Duration tombstoneTtl) {
		HubPresence state = hub(hub);
		synchronized (state) {
			state.gone.put(connectionId, at.plus(tombstoneTtl));
			Tracked removed = state.connections.remove(connectionId);
			if (removed == null) {
				return false;
			}
			String userId = removed.userId();
			if (userId != null) {
				Set<String> connections = Objects.requireNonNull(state.users.get(userId), "a tracked user");
				connections.remove(connectionId);
				if (connections.isEmpty()) {
					state.users.remove(userId);
				}
			}
			state.groupConnections.values().forEach((members) -> members.remove(connectionId));
			state.groupConnections.values().removeIf(Set::isEmpty);
			return true;
		}
	}

	@Override
	public void joined(String hub, String group, String connectionId) {
		HubPresence state = hub(hub);
		synchronized (state) {
			if (state.connections.containsKey(connectionId)) {
				state.groupConnections.computeIfAbsent(group, (key) -> new HashSet<>()).add(connectionId);
			}
		}
	}

	@Override
	public void left(String hub, String group, String connectionId) {
		HubPresence state = hub(hub);
		synchronized (state) {
			Set<String> members = state.groupConnections.get(group);
			if (members != null && members.remove(connectionId) && members.isEmpty()) {
				state.groupConnections.remove(group);
			}
		}
	}

	@Override
	public void leftAllGroups(String hub, String connectionId) {
		HubPresence state = hub(hub);
		synchronized (state) {
			state.groupConnections.values().forEach((members) -> members.remove(connectionId));
			state.groupConnections.values().removeIf(Set::isEmpty);
		}
	}

	@Override
	public void userJoined(String hub, String group, String userId) {
		HubPresence state = hub(hub);
		synchronized (state) {
			state.groupUsers.computeIfAbsent(group, (key) -> new HashSet<>()).add(userId);
		}
	}

	@Override
	public void userLeft(String hub, String group, String userId) {
		HubPresence state = hub(hub);
		synchronized (state) {
			Set<String> users = state.groupUsers.get(group);
			if (users != null && users.remove(userId) && users.isEmpty()) {
				state.groupUsers.remove(group);
			}
			Set<String> members = state.groupConnections.get(group);
			if (members != null) {
				members.removeAll(state.users.getOrDefault(userId, Set.of()));
			}
		}
	}

	@Override
	public void userLeftAllGroups(String hub, String userId) {
		HubPresence state = hub(hub);
		synchronized (state) {
			state.groupUsers.values().forEach((users) -> users.remove(userId));
			state.groupUsers.values().removeIf(Set::isEmpty);
			Set<String> connections = state.users.getOrDefault(userId, Set.of());
			state.groupConnections.values().forEach((members) -> members.removeAll(connections));
			state.groupConnections.values().removeIf(Set::isEmpty);
		}
	}

	@Override
	public Presence.Counts counts(String hub) {
		HubPresence state = hub(hub);
		synchronized (state) {
			long users = state.users.size();
			long identified = state.users.values().stream().mapToLong(Set::size).sum();
			return new Presence.Counts(state.connections.size(), users, state.connections.size() - identified);
		}
	}

	@Override
	public Presence.UsersPage users(String hub, int limit, @Nullable String after) {
		HubPresence state = hub(hub);
		synchronized (state) {
			List<Presence.User> page = new ArrayList<>();
			var tail = (after != null) ? state.users.tailMap(after, false) : state.users;
			for (Map.Entry<String, Set<String>> user : tail.entrySet()) {
				if (page.size() == limit) {
					return new Presence.UsersPage(page, page.getLast().userId());
				}
				page.add(new Presence.User(user.getKey(), user.getValue().size()));
			}
			return new Presence.UsersPage(page, null);
		}
	}

	@Override
	public Presence.UserConnections user(String hub, String userId) {
		HubPresence state = hub(hub);
		synchronized (state) {
			List<Presence.Connection> connections = state.users.getOrDefault(userId, Set.of())
				.stream()
				.map((id) -> new Presence.Connection(id, state.tracked(id).connectedAt()))
				.sorted(Comparator.comparing(Presence.Connection::connectedAt))
				.toList();
			return new Presence.UserConnections(userId, connections);
		}
	}

	@Override
	public Presence.Group group(String hub, String group) {
		HubPresence state = hub(hub);
		synchronized (state) {
			Set<String> connections = new java.util.TreeSet<>(state.groupConnections.getOrDefault(group, Set.of()));
			state.groupUsers.getOrDefault(group, Set.of())
				.forEach((user) -> connections.addAll(state.users.getOrDefault(user, Set.of())));
			List<String> users = connections.stream()
				.map((id) -> state.tracked(id).userId())
				.filter(Objects::nonNull)
				.distinct()
				.sorted()
				.toList();
			return new Presence.Group(group, List.copyOf(connections), users);
		}
	}

	@Override
	public List<String> claimStale(String hub, Instant before, Instant now, int limit) {
		HubPresence state = hub(hub);
		synchronized (state) {
			state.gone.values().removeIf((until) -> until.isBefore(now));
			List<String> claimed = new ArrayList<>();
			for (Map.Entry<String, Tracked> entry : state.connections.entrySet()) {
				if (claimed.size() == limit) {
					break;
				}
				if (entry.getValue().seenAt().isBefore(before)) {
					claimed.add(entry.getKey());
					entry.setValue(entry.getValue().seen(now));
				}
			}
			return claimed;
		}
	}

	private record Tracked(@Nullable String userId, Instant connectedAt, Instant seenAt) {

		Tracked seen(Instant at) {
			return new Tracked(this.userId, this.connectedAt, at);
		}

	}

	private static final class HubPresence {

		private final Map<String, Tracked> connections = new HashMap<>();

		private final TreeMap<String, Set<String>> users = new TreeMap<>();

		private final Map<String, Instant> gone = new HashMap<>();

		private final Map<String, Set<String>> groupConnections = new HashMap<>();

		private final Map<String, Set<String>> groupUsers = new HashMap<>();

		// Users and groups name only tracked connections: every change keeps them in
		// step, under the lock
		Tracked tracked(String connectionId) {
			return Objects.requireNonNull(this.connections.get(connectionId), "a tracked connection");
		}

	}

}
