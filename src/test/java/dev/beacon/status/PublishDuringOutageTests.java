package dev.beacon.status;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.http.RequestMethod.POST;
import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hanging service: publishes beyond the concurrency limit are refused at once with 503
 * and Retry-After, the others end in a bounded time with 504, and negotiate and the
 * probes keep answering throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.signalr.max-concurrent-requests=2",
				"beacon.signalr.read-timeout=1500ms", "beacon.signalr.retry.max-retries=0",
				"beacon.status.broadcast-interval=0" })
class PublishDuringOutageTests {

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService()
		.answering(aResponse().withStatus(202).withFixedDelay(5000));

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void publishesBeyondTheLimitAreRefusedAtOnceWhileNegotiateAndProbesStayUp() throws Exception {
		BeaconHttp http = new BeaconHttp(this.port);
		List<Future<HttpResponse<String>>> publishes = new ArrayList<>();
		long started = System.nanoTime();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 6; i++) {
				publishes.add(clients.submit(() -> http.postJson("/api/status", "{\"status\":\"x\"}", API_KEY)));
			}
			// The two publishes let through hold both permits, waiting at the service
			await("both permits taken").atMost(Duration.ofSeconds(3))
				.until(() -> service.requests()
					.stream()
					.filter((request) -> POST.equals(request.getMethod()))
					.count() >= 2);
			HttpResponse<String> negotiate = http.negotiate();
			assertThat(negotiate.statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			List<Integer> statuses = new ArrayList<>();
			for (Future<HttpResponse<String>> publish : publishes) {
				HttpResponse<String> response = publish.get();
				statuses.add(response.statusCode());
				if (response.statusCode() == 503) {
					assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
				}
			}
			assertThat(statuses).containsOnly(503, 504);
			assertThat(statuses.stream().filter((status) -> status == 504)).hasSize(2);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

}
