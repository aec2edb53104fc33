package dev.beacon.local;

import java.util.List;
import java.util.Map;

import dev.beacon.support.BeaconTest;
import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;

/**
 * The official {@code @microsoft/signalr} client in Node against the local service over
 * WebSockets, Server-Sent Events and long polling (the Java client has no SSE). Node runs
 * {@code client.test.mjs} once; each of its cases is reported as a test of its own.
 */
@BeaconTest
class NodeClientTests {

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> officialJavaScriptClientReceivesExactlyItsMessagesOverEveryTransport() throws Exception {
		return NodeScript.runTests("client.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY", API_KEY), 120);
	}

}
