package dev.beacon.page;

import java.util.List;
import java.util.Map;

import dev.beacon.support.BeaconTest;
import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;

/**
 * The status page and the inbox in headless Chromium, against Beacon in local mode with
 * the inbox on and users from Easy Auth's header (which the browser sends as the platform
 * would add it). Node runs {@code inbox.test.mjs} once; each of its cases is reported as
 * a test of its own. Skipped when Chromium is missing outside CI, as
 * {@link StatusPageBrowserTests} is.
 */
@BeaconTest.WithInbox
@EnabledIf(value = "dev.beacon.page.StatusPageBrowserTests#chromiumInstalledOrCi",
		disabledReason = "Chromium is not installed (apt-get install chromium); CI installs it")
class InboxPageBrowserTests {

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> pageShowsAStatusKeptForItsUserOnceAndAcknowledgesIt() throws Exception {
		return NodeScript.runTests("inbox.test.mjs", Map.of("BEACON_URL", "http://localhost:" + this.port,
				"BEACON_API_KEY", API_KEY, "CHROMIUM", StatusPageBrowserTests.CHROMIUM.toString()), 120);
	}

}
