package dev.beacon.local.cluster;

import java.util.List;
import java.util.Map;

import dev.beacon.support.NodeScript;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;

/**
 * One replica on Redis is the local service as it is alone: the same Node script the
 * single-replica suite runs ({@code client.test.mjs}, the official JavaScript client over
 * WebSockets, Server-Sent Events and long polling), unchanged, against a Beacon whose
 * local service is clustered on a real {@code redis-server}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "beacon.api.keys=" + API_KEY,
		"beacon.store.type=redis", "beacon.local.access-key=" + LOCAL_ACCESS_KEY })
class NodeClientOnRedisTests {

	static final RedisServer redis = RedisServer.start();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", redis::url);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> theSingleReplicaScriptPassesUnchangedOnOneReplicaOnRedis() throws Exception {
		return NodeScript.runTests("client.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY", API_KEY), 120);
	}

}
