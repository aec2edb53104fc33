package dev.beacon.presence;

import java.util.List;

import dev.beacon.store.LuaScripts;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of {@link RedisPresenceStore}, one per change or question, each run
 * atomically by Redis: {@code src/main/resources/dev/beacon/presence/*.lua}. Every script
 * takes the hub's key prefix as its first argument.
 */
final class PresenceScripts {

	static final RedisScript<Long> CONNECTED = script("connected.lua", Long.class);

	static final RedisScript<Long> DISCONNECTED = script("disconnected.lua", Long.class);

	static final RedisScript<Long> JOINED = script("joined.lua", Long.class);

	static final RedisScript<Long> LEFT = script("left.lua", Long.class);

	static final RedisScript<Long> LEFT_ALL = script("left-all.lua", Long.class);

	static final RedisScript<Long> USER_JOINED = script("user-joined.lua", Long.class);

	static final RedisScript<Long> USER_LEFT = script("user-left.lua", Long.class);

	static final RedisScript<Long> USER_LEFT_ALL = script("user-left-all.lua", Long.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> USERS = script("users.lua", List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> USER = script("user.lua", List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> GROUP = script("group.lua", List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> COUNTS = script("counts.lua", List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> CLAIM_STALE = script("claim-stale.lua", List.class);

	private PresenceScripts() {
	}

	private static <T> RedisScript<T> script(String file, Class<T> type) {
		return LuaScripts.load(PresenceScripts.class, file, type);
	}

}
