package dev.beacon.local.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.beacon.local.LocalProperties;
import dev.beacon.local.client.PendingConnections;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalHubOperations;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.hub.LocalUpstream;
import dev.beacon.store.StoreOperations;
import dev.beacon.store.StoreProperties;
import dev.beacon.system.InvalidSettingException;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Makes the local service of this replica a member of one service shared by every replica
 * on the same Redis ({@code beacon.store.type=redis}): the hub operations become
 * {@link ClusteredHubOperations}. Every replica must sign and accept the same tokens, so
 * {@code beacon.local.access-key} is required (as {@code beacon.api.keys} is for the
 * Redis store). Public for the local service's registrar, which calls it.
 */
public class ClusterRegistrar implements BeanRegistrar {

	private static final String CUT_OFF = "Connection closed with an error: the replica was cut off from the others.";

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		registry.registerBean("localClusterState", ClusterState.class, (spec) -> spec.supplier((context) -> {
			refuseRedisCluster(Binder.get(context.bean(Environment.class))
				.bind("spring.data.redis.cluster.nodes", Bindable.listOf(String.class))
				.orElse(List.of()));
			// Then Redis: its settings (and beacon.api.keys) are checked where it is
			// made
			StringRedisTemplate redis = context.bean(StringRedisTemplate.class);
			requireAccessKey(context.bean(LocalProperties.class).accessKey());
			return new ClusterState(redis, context.bean(StoreOperations.class),
					keys(context.bean(StoreProperties.class)), context.bean(Clock.class));
		}));
		registry.registerBean("localTokenLedger", PendingConnections.Ledger.class,
				(spec) -> spec.supplier((context) -> context.bean(ClusterState.class)::firstUse));
		registry.registerBean("localClusterBus", ClusterBus.class,
				(spec) -> spec.supplier((context) -> new ClusterBus(context.bean(RedisConnectionFactory.class),
						context.bean(StringRedisTemplate.class), context.bean(StoreOperations.class),
						keys(context.bean(StoreProperties.class)), context.bean(JsonMapper.class),
						context.bean(MeterRegistry.class))));
		registry.registerBean("localCluster", ClusteredHubOperations.class,
				(spec) -> spec.primary().supplier((context) -> {
					ClusterState state = context.bean(ClusterState.class);
					ClusterKeys keys = keys(context.bean(StoreProperties.class));
					LocalHubs hubs = context.bean(LocalHubs.class);
					ClusterBus bus = context.bean(ClusterBus.class);
					ClusterMembers members = new ClusterMembers(hubs, state, bus, keys);
					LocalHubOperations local = context.bean(LocalHubOperations.class);
					Duration invocationTimeout = context.bean(LocalProperties.class).invocationTimeout();
					bus.start(new ClusterReceiver(local, hubs, state, members, bus, invocationTimeout)::receive);
					hubs.listen(members);
					return new ClusteredHubOperations(local, hubs, state, bus, keys,
							new ClusterMessages(context.bean(JsonMapper.class)), members, invocationTimeout);
				}));
		registry.registerBean("localClusterSweeper", ClusterSweeper.class, (spec) -> spec.supplier((context) -> {
			ClusterMembers members = context.bean(ClusteredHubOperations.class).members();
			LocalUpstream upstream = context.bean(LocalUpstream.class);
			ClusterSweeper sweeper = new ClusterSweeper(context.bean(StringRedisTemplate.class),
					keys(context.bean(StoreProperties.class)), context.bean(ClusterState.class), upstream,
					context.bean(ClusterBus.class).replica(), context.bean(MeterRegistry.class), (swept) -> {
						if (swept) {
							// The others told the upstream these connections ended: they
							// do
							context.bean(ConnectionDispatcher.class)
								.closeSilently(context.bean(LocalHubs.class).all(), CUT_OFF, true);
						}
						else {
							members.registerAgain();
						}
					});
			sweeper.start();
			return sweeper;
		}));
	}

	private static ClusterKeys keys(StoreProperties store) {
		return new ClusterKeys(store.keyPrefix());
	}

	/**
	 * On a Redis Cluster, PUBLISH counts only the subscribers of the node that took it,
	 * and the replicas wait for as many answers as it counts.
	 */
	static void refuseRedisCluster(List<String> nodes) {
		if (!nodes.isEmpty()) {
			throw new InvalidSettingException("spring.data.redis.cluster.nodes",
					"the local service across replicas needs one Redis server (or a primary with replicas behind "
							+ "one endpoint, as Azure Cache for Redis's non-clustered tiers are), not a Redis Cluster: "
							+ "point spring.data.redis.url at one, or use Azure SignalR Service "
							+ "(beacon.signalr.connection-string)");
		}
	}

	static void requireAccessKey(@Nullable String accessKey) {
		if (accessKey == null || accessKey.isBlank()) {
			throw new InvalidSettingException("beacon.local.access-key",
					"beacon.store.type=redis makes every replica's local service one service, and a key generated "
							+ "per start would differ on each: set beacon.local.access-key (BEACON_LOCAL_ACCESS_KEY, at "
							+ "least 32 bytes) and beacon.api.keys (BEACON_API_KEYS) to the same values on every "
							+ "replica");
		}
	}

}
