package dev.beacon.page;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.beacon.support.BeaconTest;
import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in headless Chromium (Debian's, driven by playwright-core from npm),
 * against Beacon in local mode. Node runs {@code page.test.mjs} once; each of its cases
 * is reported as a test of its own. CI installs Chromium; elsewhere the tests are skipped
 * when Chromium is missing.
 */
@BeaconTest
@EnabledIf(value = "chromiumInstalledOrCi",
		disabledReason = "Chromium is not installed (apt-get install chromium); CI installs it")
class StatusPageBrowserTests {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	@LocalServerPort
	int port;

	// A condition rather than an assumption: an aborted test factory is not reported, a
	// disabled class is reported as skipped (and Beacon is not started for nothing)
	static boolean chromiumInstalledOrCi() {
		return Files.isExecutable(CHROMIUM) || System.getenv("CI") != null;
	}

	@TestFactory
	List<DynamicTest> pageShowsLiveUpdatesAndCatchesUpAfterReconnecting() throws Exception {
		Path screenshot = Path.of("target/status-page.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);

		List<DynamicTest> tests = new ArrayList<>(NodeScript.runTests("page.test.mjs",
				Map.of("BEACON_URL", "http://localhost:" + this.port, "BEACON_API_KEY", API_KEY, "CHROMIUM",
						CHROMIUM.toString(), "SCREENSHOT", screenshot.toString()),
				120));
		// A source of its own, so Surefire reports it by name like the cases
		tests.add(DynamicTest.dynamicTest("page leaves a screenshot in target/status-page.png", screenshot.toUri(),
				() -> assertThat(screenshot).isNotEmptyFile()));
		return tests;
	}

}
