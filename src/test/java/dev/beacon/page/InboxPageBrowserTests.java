package dev.beacon.page;

import java.util.List;
import java.util.Map;

import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The status page and the inbox in headless Chromium, against Beacon in local mode with
 * the inbox on and users from Easy Auth's header (which the browser sends as the platform
 * would add it). Node runs {@code inbox.test.mjs} once; each of its cases is reported as
 * a test of its own. Skipped when Chromium is missing outside CI, as
 * {@link StatusPageBrowserTests} is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=inbox-page-key-0123456789abcdef0123456789abcdef", "beacon.inbox.enabled=true",
				"beacon.negotiate.user-id-source=easy-auth" })
@EnabledIf(value = "dev.beacon.page.StatusPageBrowserTests#chromiumInstalledOrCi",
		disabledReason = "Chromium is not installed (apt-get install chromium); CI installs it")
class InboxPageBrowserTests {

	@LocalServerPort
	int port;

	@TestFactory
	List<DynamicTest> pageShowsAStatusKeptForItsUserOnceAndAcknowledgesIt() throws Exception {
		return NodeScript.runTests("inbox.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY",
						"inbox-page-key-0123456789abcdef0123456789abcdef", "CHROMIUM",
						StatusPageBrowserTests.CHROMIUM.toString()),
				120);
	}

}
