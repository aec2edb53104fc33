package dev.beacon.page;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in headless Chromium (Debian's, driven by playwright-core from npm),
 * against Beacon in local mode. CI installs Chromium; elsewhere the test is skipped when
 * Chromium is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=page-test-key" })
class StatusPageBrowserTests {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	@LocalServerPort
	int port;

	@Test
	void pageShowsLiveUpdatesAndCatchesUpAfterReconnecting() throws Exception {
		assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
				"Chromium is not installed (apt-get install chromium); CI installs it");
		Path screenshot = Path.of("target/status-page.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);

		String output = NodeScript
			.runTests(
					"page.test.mjs", Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY",
							"page-test-key", "CHROMIUM", CHROMIUM.toString(), "SCREENSHOT", screenshot.toString()),
					120);

		assertThat(output).contains("ℹ pass 2").contains("ℹ fail 0");
		assertThat(screenshot).isNotEmptyFile();
	}

}
