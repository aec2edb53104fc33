package dev.beacon.status;

import java.util.List;
import java.util.Set;

import dev.beacon.store.StoreOperations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The store every replica shares. The order is a counter ({@code INCR}) the store assigns
 * atomically, never a replica's clock; the history is a sorted set scored by that
 * sequence, trimmed in the same script that adds to it, so it never holds more than the
 * history size and the current status is always its highest member.
 */
final class RedisStatusStore implements StatusStore {

	/** Adds the event at its sequence and keeps only the newest {@code ARGV[3]}. */
	private static final RedisScript<Long> RECORD = RedisScript.of("""
			redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
			redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[3]) - 1)
			return 1""", Long.class);

	private final StringRedisTemplate redis;

	private final StoreOperations operations;

	private final JsonMapper jsonMapper;

	private final StatusEvent initial;

	private final int historySize;

	private final String sequenceKey;

	private final String historyKey;

	RedisStatusStore(StringRedisTemplate redis, StoreOperations operations, JsonMapper jsonMapper, String keyPrefix,
			StatusEvent initial, int historySize) {
		this.redis = redis;
		this.operations = operations;
		this.jsonMapper = jsonMapper;
		this.initial = initial;
		this.historySize = historySize;
		this.sequenceKey = keyPrefix + "status:sequence";
		this.historyKey = keyPrefix + "status:history";
	}

	@Override
	public long nextSequence() {
		return this.operations.call("status.next-sequence", () -> this.redis.opsForValue().increment(this.sequenceKey));
	}

	@Override
	public void record(StatusEvent event) {
		String json = this.jsonMapper.writeValueAsString(event);
		this.operations.run("status.record", () -> this.redis.execute(RECORD, List.of(this.historyKey),
				String.valueOf(event.sequence()), json, String.valueOf(this.historySize)));
	}

	@Override
	public StatusEvent current() {
		List<StatusEvent> newest = read("status.current", 1);
		return newest.isEmpty() ? this.initial : newest.get(0);
	}

	@Override
	public List<StatusEvent> history(int limit) {
		return read("status.history", limit);
	}

	private List<StatusEvent> read(String operation, int limit) {
		Set<String> members = this.operations.call(operation,
				() -> this.redis.opsForZSet().reverseRange(this.historyKey, 0, limit - 1));
		return (members != null)
				? members.stream().map((json) -> this.jsonMapper.readValue(json, StatusEvent.class)).toList()
				: List.of();
	}

}
