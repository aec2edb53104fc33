package dev.beacon.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inboxes of one replica, in memory.
 */
final class MemoryInboxStore implements InboxStore {

	private final Map<String, Map<String, LinkedHashMap<String, InboxMessage>>> hubs = new ConcurrentHashMap<>();

	private Map<String, LinkedHashMap<String, InboxMessage>> hub(String hub) {
		return this.hubs.computeIfAbsent(hub, (key) -> new ConcurrentHashMap<>());
	}

	@Override
	public int add(String hub, String userId, InboxMessage message, int max) {
		Map<String, LinkedHashMap<String, InboxMessage>> users = hub(hub);
		synchronized (users) {
			LinkedHashMap<String, InboxMessage> inbox = users.computeIfAbsent(userId, (key) -> new LinkedHashMap<>());
			inbox.putIfAbsent(message.id(), message);
			int dropped = 0;
			Iterator<String> oldest = inbox.keySet().iterator();
			while (inbox.size() > max) {
				oldest.next();
				oldest.remove();
				dropped++;
			}
			return dropped;
		}
	}

	@Override
	public Pending pending(String hub, String userId, Instant now) {
		Map<String, LinkedHashMap<String, InboxMessage>> users = hub(hub);
		synchronized (users) {
			LinkedHashMap<String, InboxMessage> inbox = users.get(userId);
			if (inbox == null) {
				return new Pending(List.of(), 0);
			}
			int before = inbox.size();
			inbox.values().removeIf((message) -> !message.expiresAt().isAfter(now));
			int expired = before - inbox.size();
			List<InboxMessage> messages = new ArrayList<>(inbox.values());
			if (inbox.isEmpty()) {
				users.remove(userId);
			}
			return new Pending(messages, expired);
		}
	}

	@Override
	public int acknowledge(String hub, String userId, Collection<String> ids) {
		Map<String, LinkedHashMap<String, InboxMessage>> users = hub(hub);
		synchronized (users) {
			LinkedHashMap<String, InboxMessage> inbox = users.get(userId);
			if (inbox == null) {
				return 0;
			}
			int removed = 0;
			for (String id : ids) {
				removed += (inbox.remove(id) != null) ? 1 : 0;
			}
			if (inbox.isEmpty()) {
				users.remove(userId);
			}
			return removed;
		}
	}

	@Override
	public long pendingCount(String hub, Instant now) {
		Map<String, LinkedHashMap<String, InboxMessage>> users = hub(hub);
		synchronized (users) {
			return users.values()
				.stream()
				.flatMap((inbox) -> inbox.values().stream())
				.filter((message) -> message.expiresAt().isAfter(now))
				.count();
		}
	}

}
