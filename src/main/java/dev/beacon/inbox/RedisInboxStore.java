package dev.beacon.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.beacon.store.LuaScripts;
import dev.beacon.store.StoreOperations;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Inboxes every replica shares, in Redis: per user a hash of messages by id and a sorted
 * set of ids by time, and per hub a sorted set of every kept message by its expiry (for
 * the count). Each change is one Lua script
 * ({@code src/main/resources/dev/beacon/inbox/*.lua}); a hub's keys share the hash tag
 * {@code {hub}}.
 */
final class RedisInboxStore implements InboxStore {

	private static final RedisScript<Long> ADD = script("add.lua", Long.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> PENDING = script("pending.lua", List.class);

	private static final RedisScript<Long> ACKNOWLEDGE = script("acknowledge.lua", Long.class);

	private final StringRedisTemplate redis;

	private final StoreOperations operations;

	private final JsonMapper jsonMapper;

	private final String keyPrefix;

	RedisInboxStore(StringRedisTemplate redis, StoreOperations operations, JsonMapper jsonMapper, String keyPrefix) {
		this.redis = redis;
		this.operations = operations;
		this.jsonMapper = jsonMapper;
		this.keyPrefix = keyPrefix;
	}

	@Override
	public int add(String hub, String userId, InboxMessage message, int max) {
		String json = this.jsonMapper.writeValueAsString(Stored.of(message));
		long ttl = Math.max(1, message.expiresAt().toEpochMilli() - message.createdAt().toEpochMilli());
		Long dropped = this.operations.call("inbox.add",
				() -> this.redis.execute(ADD, keys(hub), prefix(hub), userId, message.id(),
						String.valueOf(message.createdAt().toEpochMilli()), json, String.valueOf(max),
						String.valueOf(ttl), String.valueOf(message.expiresAt().toEpochMilli()),
						String.valueOf(message.createdAt().toEpochMilli())));
		return (dropped != null) ? dropped.intValue() : 0;
	}

	@Override
	public Pending pending(String hub, String userId, Instant now) {
		List<?> found = this.operations.call("inbox.pending",
				() -> this.redis.execute(PENDING, keys(hub), prefix(hub), userId, String.valueOf(now.toEpochMilli())));
		if (found == null || found.isEmpty()) {
			return new Pending(List.of(), 0);
		}
		List<InboxMessage> messages = new ArrayList<>();
		for (Object json : found.subList(1, found.size())) {
			messages.add(this.jsonMapper.readValue(String.valueOf(json), Stored.class).message());
		}
		return new Pending(messages, Integer.parseInt(String.valueOf(found.get(0))));
	}

	@Override
	public int acknowledge(String hub, String userId, Collection<String> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		Object[] arguments = new Object[ids.size() + 2];
		arguments[0] = prefix(hub);
		arguments[1] = userId;
		int i = 2;
		for (String id : ids) {
			arguments[i++] = id;
		}
		Long removed = this.operations.call("inbox.acknowledge",
				() -> this.redis.execute(ACKNOWLEDGE, keys(hub), arguments));
		return (removed != null) ? removed.intValue() : 0;
	}

	@Override
	public long pendingCount(String hub, Instant now) {
		Long count = this.operations.call("inbox.count", () -> this.redis.opsForZSet()
			.count(prefix(hub) + "all", now.toEpochMilli() + 1, Double.POSITIVE_INFINITY));
		return (count != null) ? count : 0;
	}

	private String prefix(String hub) {
		return this.keyPrefix + "inbox:{" + hub + "}:";
	}

	/** One key of the hub's slot, so a clustered Redis runs the script where it lives. */
	private List<String> keys(String hub) {
		return List.of(prefix(hub) + "all");
	}

	private static <T> RedisScript<T> script(String file, Class<T> type) {
		return LuaScripts.load(RedisInboxStore.class, file, type);
	}

	/**
	 * A message as stored: the expiry first, where the scripts read it.
	 */
	record Stored(long expiresAtMillis, String id, String target, List<? extends @Nullable Object> arguments,
			long createdAtMillis) {

		static Stored of(InboxMessage message) {
			return new Stored(message.expiresAt().toEpochMilli(), message.id(), message.target(), message.arguments(),
					message.createdAt().toEpochMilli());
		}

		InboxMessage message() {
			return new InboxMessage(this.id, this.target, this.arguments, Instant.ofEpochMilli(this.createdAtMillis),
					Instant.ofEpochMilli(this.expiresAtMillis));
		}

	}

}
