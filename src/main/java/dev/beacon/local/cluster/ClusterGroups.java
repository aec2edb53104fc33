package dev.beacon.local.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import dev.beacon.local.hub.HubCommand;
import dev.beacon.store.StoreOperations;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisSetCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The groups connections joined themselves, kept in Redis both ways (each group's
 * members, each connection's groups, to clean up after it); written by the replica that
 * owns the connection, or the one whose API call changed it.
 */
final class ClusterGroups {

	private final StringRedisTemplate redis;

	private final StoreOperations store;

	private final ClusterKeys keys;

	ClusterGroups(StringRedisTemplate redis, StoreOperations store, ClusterKeys keys) {
		this.redis = redis;
		this.store = store;
		this.keys = keys;
	}

	void joined(String hub, String group, String connectionId) {
		this.store.run("local.joined", () -> {
			this.redis.opsForSet().add(this.keys.group(hub, group), connectionId);
			this.redis.opsForSet().add(this.keys.connectionGroups(hub, connectionId), group);
		});
	}

	void left(String hub, String group, String connectionId) {
		this.store.run("local.left", () -> {
			this.redis.opsForSet().remove(this.keys.group(hub, group), connectionId);
			this.redis.opsForSet().remove(this.keys.connectionGroups(hub, connectionId), group);
		});
	}

	/**
	 * Records what commands did to the groups of many connections, in order, in one
	 * pipelined round trip (a filtered command may select thousands).
	 */
	void commanded(String hub, List<String> connectionIds, List<HubCommand> commands) {
		if (connectionIds.isEmpty()) {
			return;
		}
		byte[][] ids = connectionIds.stream().map(ClusterGroups::bytes).toArray(byte[][]::new);
		// A pipelined callback answers null: the pipeline's results are the answer
		RedisCallback<@Nullable Object> commanded = (connection) -> {
			RedisSetCommands sets = connection.setCommands();
			for (HubCommand command : commands) {
				if (command instanceof HubCommand.Join(String group)) {
					sets.sAdd(bytes(this.keys.group(hub, group)), ids);
					connectionIds.forEach((id) -> sets.sAdd(bytes(this.keys.connectionGroups(hub, id)), bytes(group)));
				}
				else if (command instanceof HubCommand.Leave(String group)) {
					sets.sRem(bytes(this.keys.group(hub, group)), ids);
					connectionIds.forEach((id) -> sets.sRem(bytes(this.keys.connectionGroups(hub, id)), bytes(group)));
				}
			}
			return null;
		};
		this.store.run("local.commanded", () -> this.redis.executePipelined(commanded));
	}

	/** Takes a connection out of every group it joined itself. */
	void leftAll(String hub, String connectionId) {
		this.store.run("local.left-all", () -> leaveAll(hub, connectionId));
	}

	/** {@link #leftAll}, for a caller already guarded by the store. */
	void leaveAll(String hub, String connectionId) {
		Set<String> groups = this.redis.opsForSet().members(this.keys.connectionGroups(hub, connectionId));
		if (groups != null) {
			groups.forEach((group) -> this.redis.opsForSet().remove(this.keys.group(hub, group), connectionId));
		}
		this.redis.delete(this.keys.connectionGroups(hub, connectionId));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
