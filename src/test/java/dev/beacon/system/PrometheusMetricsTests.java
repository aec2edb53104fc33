package dev.beacon.system;

import java.net.http.HttpResponse;

import dev.beacon.support.BeaconHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With prometheus added to the exposed endpoints, Beacon's meters are scraped from
 * {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,info,prometheus", "beacon.api.keys=" + API_KEY,
				"beacon.status.broadcast-interval=0" })
class PrometheusMetricsTests {

	@LocalServerPort
	int port;

	@Test
	void negotiatesPublishesAndLocalConnectionsAreScraped() {
		BeaconHttp http = new BeaconHttp(this.port);
		http.negotiate();
		http.postJson("/api/status", "{\"status\":\"operational\"}", API_KEY);

		HttpResponse<String> scrape = http.get("/actuator/prometheus");

		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body())
			.contains("beacon_negotiate_tokens_total{endpoint=\"default\",hub=\"notifications\",user=\"anonymous\"}")
			.contains("beacon_publish_events_total{kind=\"status.broadcast\",outcome=\"success\"}")
			.contains(
					"beacon_signalr_requests_seconds_count{endpoint=\"default\",operation=\"sendToAll\",outcome=\"success\"}")
			.contains("beacon_local_connections");
	}

}
