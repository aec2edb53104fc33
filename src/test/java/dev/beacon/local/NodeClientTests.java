package dev.beacon.local;

import java.util.Map;

import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code @microsoft/signalr} client in Node against the local service over
 * WebSockets, Server-Sent Events and long polling (the Java client has no SSE).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=node-test-key" })
class NodeClientTests {

	@LocalServerPort
	int port;

	@Test
	void officialJavaScriptClientReceivesExactlyItsMessagesOverEveryTransport() throws Exception {
		String output = NodeScript.runTests("client.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY", "node-test-key"), 120);

		assertThat(output).contains("ℹ pass 3").contains("ℹ fail 0");
	}

}
