package dev.beacon.messages;

import java.util.List;
import java.util.Map;

import dev.beacon.support.BeaconTest;
import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;

/**
 * Every accepted and refused spelling of a recipient ({@code recipients/spellings.json})
 * against the single, batch and status endpoints in local mode, with the official
 * JavaScript client as the population that receives or does not
 * ({@code recipients.test.mjs}).
 */
@BeaconTest
class RecipientSpellingTests {

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> everySpellingReachesExactlyItsRecipientsOrIsRefused() throws Exception {
		return NodeScript.runTests("recipients.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY", API_KEY), 120);
	}

}
