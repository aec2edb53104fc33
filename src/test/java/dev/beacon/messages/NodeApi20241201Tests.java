package dev.beacon.messages;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.beacon.support.NodeScript;
import dev.beacon.upstream.HubException;
import dev.beacon.upstream.HubMethod;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static dev.beacon.support.TestKeys.API_KEY;

/**
 * The official JavaScript client against client results, streams, filtered sends,
 * commands and group listing in local mode, JSON and MessagePack, WebSockets and long
 * polling ({@code api20241201.test.mjs}); the streams come from the hub methods here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.negotiate.user-id-source=easy-auth",
				"beacon.status.broadcast-interval=0" })
@Import(NodeApi20241201Tests.StreamingMethods.class)
class NodeApi20241201Tests {

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> officialJavaScriptClientUsesThe20241201Features() throws Exception {
		return NodeScript.runTests("api20241201.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY", API_KEY), 180);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StreamingMethods {

		private final Map<String, Produced> producers = new ConcurrentHashMap<>();

		@HubMethod(name = "counter")
		Stream<Integer> counter(int count) {
			return IntStream.range(0, count).boxed();
		}

		/**
		 * Items until the client cancels; what was produced and whether it was closed.
		 */
		@HubMethod(name = "endless")
		Stream<Integer> endless(String key) {
			Produced produced = this.producers.computeIfAbsent(key, (name) -> new Produced());
			return Stream.generate(() -> {
				sleep();
				return produced.count.incrementAndGet();
			}).onClose(() -> produced.closed.set(true));
		}

		@HubMethod(name = "produced")
		Map<String, Object> produced(String key) {
			Produced produced = this.producers.getOrDefault(key, new Produced());
			return Map.of("count", produced.count.get(), "closed", produced.closed.get());
		}

		@HubMethod(name = "broken")
		Stream<Integer> broken() {
			return Stream.of(1, 2).map((item) -> {
				if (item == 2) {
					throw new HubException("broken on purpose");
				}
				return item;
			});
		}

		private static void sleep() {
			try {
				// A sleep, not a wait: it paces the endless stream, so the client can
				// cancel it
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	static final class Produced {

		final AtomicInteger count = new AtomicInteger();

		final AtomicBoolean closed = new AtomicBoolean();

	}

}
