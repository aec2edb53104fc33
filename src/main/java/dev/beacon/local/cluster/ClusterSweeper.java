package dev.beacon.local.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.beacon.local.hub.LocalConnection;
import dev.beacon.local.hub.LocalConnection.ConnectionInfo;
import dev.beacon.local.hub.LocalUpstream;
import dev.beacon.protocol.HubPayload;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keeps the cluster's picture of its replicas true. Each replica writes a heartbeat every
 * second that lives {@value #HEARTBEAT_MILLIS} ms; a replica whose heartbeat is gone
 * (killed, frozen, cut off from Redis) is noticed within a few seconds by the others, and
 * one of them, under a lock, takes its connections out of the shared state (users,
 * groups, listings) and tells the upstream of each {@code disconnected}, as the dead
 * replica would have: presence forgets them, and their clients, reconnecting through the
 * load balancer, land on the survivors. A replica that was only cut off comes back: if a
 * survivor swept its connections (the upstream heard they ended, and an id that ended
 * never returns) it closes them, with {@code allowReconnect}; if Redis only lost them, it
 * registers them again. Heartbeats have a thread of their own, so a long sweep or rejoin
 * never delays them.
 */
final class ClusterSweeper implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ClusterSweeper.class);

	static final long HEARTBEAT_MILLIS = 5000;

	private static final Duration BEAT = Duration.ofSeconds(1);

	private final StringRedisTemplate redis;

	private final ClusterKeys keys;

	private final ClusterState state;

	private final LocalUpstream upstream;

	private final String replica;

	private final MeterRegistry meterRegistry;

	private volatile boolean running = true;

	private final Thread heartbeat;

	private final Thread sweeper;

	/** Puts this replica's connections right; true when a survivor swept them. */
	private final Consumer<Boolean> rejoin;

	private boolean joined;

	private volatile boolean rejoinNeeded;

	ClusterSweeper(StringRedisTemplate redis, ClusterKeys keys, ClusterState state, LocalUpstream upstream,
			String replica, MeterRegistry meterRegistry, Consumer<Boolean> rejoin) {
		this.rejoin = rejoin;
		this.redis = redis;
		this.keys = keys;
		this.state = state;
		this.upstream = upstream;
		this.replica = replica;
		this.meterRegistry = meterRegistry;
		this.heartbeat = Thread.ofPlatform()
			.daemon()
			.name("beacon-cluster-heartbeat")
			.unstarted(() -> every(this::beat));
		this.sweeper = Thread.ofPlatform().daemon().name("beacon-cluster-sweeper").unstarted(() -> every(() -> {
			if (this.rejoinNeeded) {
				this.rejoinNeeded = false;
				this.rejoin.accept(Boolean.TRUE.equals(this.redis.delete(this.keys.swept(this.replica))));
			}
			sweep();
		}));
	}

	void start() {
		beat();
		this.heartbeat.start();
		this.sweeper.start();
	}

	private void every(Runnable task) {
		while (this.running) {
			try {
				Thread.sleep(BEAT);
				task.run();
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				logger.debug(Thread.currentThread().getName() + " failed (Redis unreachable?): " + ex.getMessage());
			}
		}
	}

	/**
	 * Beats; a replica that finds itself no longer among the replicas (Redis lost it, or
	 * the others took it for dead while it was cut off) registers its connections again.
	 */
	private void beat() {
		this.redis.opsForValue()
			.set(this.keys.heartbeat(this.replica), Long.toString(System.currentTimeMillis()),
					Duration.ofMillis(HEARTBEAT_MILLIS));
		Long added = this.redis.opsForSet().add(this.keys.replicas(), this.replica);
		if (added != null && added > 0 && this.joined) {
			logger.warn("This replica was taken for gone (Redis restarted, or it was cut off); registering its "
					+ "connections again");
			this.rejoinNeeded = true;
		}
		this.joined = true;
	}

	/**
	 * Takes the connections of every replica whose heartbeat is gone out of the state.
	 */
	void sweep() {
		Set<String> replicas = this.redis.opsForSet().members(this.keys.replicas());
		if (replicas == null) {
			return;
		}
		for (String other : replicas) {
			if (other.equals(this.replica) || Boolean.TRUE.equals(this.redis.hasKey(this.keys.heartbeat(other)))) {
				continue;
			}
			String lock = this.keys.heartbeat(other) + ":sweep";
			Boolean mine = this.redis.opsForValue().setIfAbsent(lock, this.replica, Duration.ofMinutes(5));
			if (Boolean.TRUE.equals(mine)) {
				try {
					sweep(other);
				}
				finally {
					this.redis.delete(lock);
				}
			}
		}
	}

	private void sweep(String dead) {
		Map<String, List<String[]>> left = this.state.connectionsOf(dead);
		int count = 0;
		for (Map.Entry<String, List<String[]>> hub : left.entrySet()) {
			for (String[] connection : hub.getValue()) {
				String userId = connection[1].isEmpty() ? null : connection[1];
				this.state.disconnected(hub.getKey(), connection[0], userId);
				this.upstream.disconnected(
						new Gone(new ConnectionInfo(connection[0], "", hub.getKey(), userId, Map.of(), "")),
						"The replica holding the connection stopped");
				count++;
			}
		}
		this.redis.opsForSet().remove(this.keys.replicas(), dead);
		// Should it come back, it announces its connections again
		this.redis.opsForValue().set(this.keys.swept(dead), "1", Duration.ofHours(1));
		this.meterRegistry.counter("beacon.local.cluster.replicas-lost").increment();
		logger.warn("Replica " + dead + " stopped answering; its " + count + " connections were taken out");
	}

	@Override
	public void destroy() {
		this.running = false;
		this.heartbeat.interrupt();
		this.sweeper.interrupt();
		try {
			this.redis.delete(this.keys.heartbeat(this.replica));
			this.redis.opsForSet().remove(this.keys.replicas(), this.replica);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not withdraw this replica's heartbeat: " + ex.getMessage());
		}
	}

	/** A connection of a dead replica, for the upstream's {@code disconnected}. */
	private static final class Gone extends LocalConnection {

		Gone(ConnectionInfo info) {
			super(info);
		}

		@Override
		public String transport() {
			return "none";
		}

		@Override
		protected void write(HubPayload framed) {
		}

		@Override
		protected void terminate() {
		}

	}

}
