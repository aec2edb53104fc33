package dev.beacon.messages;

import java.util.List;
import java.util.Map;

import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every accepted and refused spelling of a recipient ({@code recipients/spellings.json})
 * against the single, batch and status endpoints in local mode, with the official
 * JavaScript client as the population that receives or does not
 * ({@code recipients.test.mjs}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=recipient-key-0123456789abcdef0123456789abcdef",
				"beacon.negotiate.user-id-source=easy-auth", "beacon.status.broadcast-interval=0" })
class RecipientSpellingTests {

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> everySpellingReachesExactlyItsRecipientsOrIsRefused() throws Exception {
		return NodeScript.runTests("recipients.test.mjs", Map.of("BEACON_URL", "http://localhost:" + this.port,
				"BEACON_API_KEY", "recipient-key-0123456789abcdef0123456789abcdef"), 120);
	}

}
