package dev.beacon.status;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.support.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broadcast's lock on a real {@code redis-server} that stops answering for a while
 * ({@code CLIENT PAUSE}, as during a failover or a slow command): each tick is skipped,
 * the fault is one WARN when it starts and one when it ends, never an ERROR with a stack
 * trace per tick, and ticks run again without a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class LockingBroadcastGateTests {

	@Test
	void whileTheStoreIsPausedTicksAreSkippedWithOneWarningAndRunAgainAfter(CapturedOutput output) throws Exception {
		try (RedisServer redis = RedisServer.start()) {
			LettuceConnectionFactory connections = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(300)).build());
			connections.afterPropertiesSet();
			connections.start();
			RedisClient pauser = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
			try (StatefulRedisConnection<String, String> control = pauser.connect()) {
				LockingBroadcastGate gate = new LockingBroadcastGate(
						new RedisLockProvider.Builder(connections).keyPrefix("test:lock").environment("beacon").build(),
						Duration.ofMillis(200));
				AtomicInteger runs = new AtomicInteger();
				assertThat(gate.runOnce(Instant.now(), runs::incrementAndGet)).isTrue();
				// A sleep, not a wait: the first tick's lock must expire in Redis (it
				// lives 100 ms)
				Thread.sleep(250);

				control.sync().clientPause(3000);
				for (int tick = 0; tick < 3; tick++) {
					assertThat(gate.runOnce(Instant.now(), runs::incrementAndGet)).isFalse();
				}
				await("ticks run again").atMost(Duration.ofSeconds(15))
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(250))
					.until(() -> gate.runOnce(Instant.now(), runs::incrementAndGet));

				assertThat(runs).hasValue(2);
				assertThat(output).containsOnlyOnce("cannot take its lock in the store")
					.containsOnlyOnce("takes its lock in the store again")
					.doesNotContain("ERROR")
					.doesNotContain("\tat ");
			}
			finally {
				pauser.shutdown();
				connections.destroy();
			}
		}
	}

}
