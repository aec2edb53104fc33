package dev.beacon.system;

import java.net.http.HttpRequest;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.Beacons;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.forward-headers-strategy=framework} is read at run time (the image's
 * Spring AOT code fixed Spring Boot's own condition off): behind a proxy, local mode's
 * negotiate answers the origin the browser used; without the setting, forwarded headers
 * are ignored, so a client cannot redirect another's negotiate.
 */
class ForwardedHeadersTests {

	@Test
	void withTheFrameworkStrategyNegotiateAnswersTheForwardedOrigin() {
		try (ConfigurableApplicationContext beacon = Beacons.start("--server.forward-headers-strategy=framework")) {
			assertThat(negotiateUrl(beacon)).startsWith("https://beacon.example/local/client/");
		}
	}

	@Test
	void withoutAStrategyForwardedHeadersAreIgnored() {
		try (ConfigurableApplicationContext beacon = Beacons.start()) {
			assertThat(negotiateUrl(beacon)).startsWith("http://localhost:");
		}
	}

	private static String negotiateUrl(ConfigurableApplicationContext beacon) {
		BeaconHttp http = new BeaconHttp(((WebServerApplicationContext) beacon).getWebServer().getPort());
		return BeaconHttp.json(http.send(http.request("/api/negotiate")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "beacon.example")
			.POST(HttpRequest.BodyPublishers.noBody()))).path("url").asString();
	}

}
