package dev.beacon.local.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.beacon.store.StoreOperations;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.Subscription;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * This replica's side of Redis pub/sub: one subscribing connection, on which a channel is
 * subscribed while something here needs it (counted), and messages are handed, in the
 * order Redis delivered them, to one thread that applies them; publishing, and waiting
 * for the answers of requests (acks, client results) on this replica's own channel.
 */
final class ClusterBus implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ClusterBus.class);

	private final String replica = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final RedisConnectionFactory factory;

	private final StringRedisTemplate redis;

	private final StoreOperations store;

	private final ClusterKeys keys;

	private final JsonMapper jsonMapper;

	private final MeterRegistry meterRegistry;

	private final ExecutorService receiving = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("beacon-cluster-receiver").daemon().factory());

	private final Map<String, Integer> subscribed = new HashMap<>();

	private final Map<String, PendingAnswers> waiting = new ConcurrentHashMap<>();

	private volatile Consumer<JsonNode> receiver = (message) -> {
	};

	private @Nullable RedisConnection subscriber;

	ClusterBus(RedisConnectionFactory factory, StringRedisTemplate redis, StoreOperations store, ClusterKeys keys,
			JsonMapper jsonMapper, MeterRegistry meterRegistry) {
		this.factory = factory;
		this.redis = redis;
		this.store = store;
		this.keys = keys;
		this.jsonMapper = jsonMapper;
		this.meterRegistry = meterRegistry;
	}

	String replica() {
		return this.replica;
	}

	/** Starts listening: the channel of every replica and this replica's own. */
	synchronized void start(Consumer<JsonNode> receiver) {
		this.receiver = receiver;
		RedisConnection subscriber = this.factory.getConnection();
		this.subscriber = subscriber;
		subscriber.subscribe(this::onMessage, bytes(this.keys.allChannel()),
				bytes(this.keys.replicaChannel(this.replica)));
	}

	// The registrar starts the bus as it creates it, before anything needs a channel
	private Subscription subscription() {
		RedisConnection subscriber = Objects.requireNonNull(this.subscriber, "the cluster bus has not started");
		return Objects.requireNonNull(subscriber.getSubscription(), "the cluster bus is not subscribed");
	}

	/**
	 * Adds one need for a channel; subscribes (and waits for Redis to confirm) on the
	 * first.
	 */
	synchronized void need(String channel) {
		int count = this.subscribed.merge(channel, 1, Integer::sum);
		if (count == 1) {
			try {
				subscription().subscribe(bytes(channel));
			}
			catch (RuntimeException ex) {
				// Not subscribed: the next need tries again
				this.subscribed.remove(channel);
				throw ex;
			}
		}
	}

	/** Drops one need for a channel; unsubscribes on the last. */
	synchronized void release(String channel) {
		Integer count = this.subscribed.get(channel);
		if (count == null) {
			return;
		}
		if (count <= 1) {
			this.subscribed.remove(channel);
			subscription().unsubscribe(bytes(channel));
		}
		else {
			this.subscribed.put(channel, count - 1);
		}
	}

	/**
	 * Publishes a message.
	 * @return how many replicas received it
	 */
	long publish(String channel, ObjectNode message) {
		message.put("ts", System.currentTimeMillis());
		byte[] body = this.jsonMapper.writeValueAsBytes(message);
		Long receivers = this.store.call("local.publish",
				() -> this.redis.execute((RedisConnection connection) -> connection.publish(bytes(channel), body)));
		this.meterRegistry.counter("beacon.local.cluster.published", "op", message.path("op").asString()).increment();
		return (receivers != null) ? receivers : 0;
	}

	/**
	 * Publishes a request and waits for the answer of every replica that received it
	 * (each {@code {"op":"ack","id":...}} on this replica's channel).
	 * @return the first answer; {@code {"found": false}} when no replica received it
	 * @throws ClusterTimeoutException when they do not all answer in time
	 */
	JsonNode request(String channel, ObjectNode message, Duration timeout) {
		String id = UUID.randomUUID().toString();
		message.put("id", id).put("reply", this.replica);
		PendingAnswers pending = new PendingAnswers();
		this.waiting.put(id, pending);
		try {
			long receivers = publish(channel, message);
			if (receivers == 0) {
				return this.jsonMapper.createObjectNode().put("op", "ack").put("found", false);
			}
			pending.expect(receivers);
			return pending.first(timeout);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new ClusterTimeoutException(message.path("op").asString());
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClusterTimeoutException(message.path("op").asString());
		}
		finally {
			this.waiting.remove(id);
		}
	}

	/** An empty answer, for {@link #answer}. */
	ObjectNode ack() {
		return this.jsonMapper.createObjectNode();
	}

	/** Answers a request, on the channel of the replica that asked. */
	void answer(JsonNode request, ObjectNode answer) {
		answer.put("op", "ack").put("id", request.path("id").asString());
		publish(this.keys.replicaChannel(request.path("reply").asString()), answer);
	}

	private void onMessage(Message message, byte @Nullable [] pattern) {
		JsonNode parsed;
		try {
			parsed = this.jsonMapper.readTree(message.getBody());
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring a cluster message that is not JSON");
			return;
		}
		long sent = parsed.path("ts").asLong(0);
		if (sent > 0) {
			this.meterRegistry.timer("beacon.local.cluster.lag")
				.record(Math.max(0, System.currentTimeMillis() - sent), TimeUnit.MILLISECONDS);
		}
		this.meterRegistry.counter("beacon.local.cluster.received", "op", parsed.path("op").asString("")).increment();
		if ("ack".equals(parsed.path("op").asString(""))) {
			PendingAnswers pending = this.waiting.get(parsed.path("id").asString(""));
			if (pending != null) {
				pending.answered(parsed);
			}
			return;
		}
		this.receiving.execute(() -> {
			try {
				this.receiver.accept(parsed);
			}
			catch (RuntimeException ex) {
				logger.warn("A cluster message failed here: " + ex.getMessage(), ex);
			}
		});
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public synchronized void destroy() {
		this.receiving.shutdownNow();
		if (this.subscriber != null) {
			try {
				this.subscriber.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Closing the cluster subscription failed", ex);
			}
		}
	}

}
