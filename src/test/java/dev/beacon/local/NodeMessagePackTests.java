package dev.beacon.local;

import java.util.List;
import java.util.Map;

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
 * The official {@code @microsoft/signalr} client with the MessagePack hub protocol in
 * Node against the local service: Node runs {@code msgpack.test.mjs} once; each of its
 * cases is reported as a test of its own. Invocations travel upstream as MessagePack and
 * come back as MessagePack Completions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.negotiate.user-id-source=easy-auth" })
@Import(NodeMessagePackTests.HubMethods.class)
class NodeMessagePackTests {

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> officialJavaScriptClientSpeaksMessagePackOverWebSocketsAndLongPolling() throws Exception {
		return NodeScript.runTests("msgpack.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY", API_KEY), 120);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class HubMethods {

		@HubMethod(name = "add")
		int add(int a, int b) {
			return a + b;
		}

		@HubMethod(name = "describe")
		Description describe(Person person) {
			return new Description(person.name(), person.tags().size());
		}

		@HubMethod(name = "refuse")
		void refuse(String reason) {
			throw new HubException("refused: " + reason);
		}

	}

	record Person(String name, List<String> tags) {
	}

	record Description(String name, int tagCount) {
	}

}
