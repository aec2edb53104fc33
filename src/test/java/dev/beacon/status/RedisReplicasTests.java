package dev.beacon.status;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TwoReplicas;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TwoReplicas.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Beacon replicas sharing one real {@code redis-server} and one SignalR Service
 * (WireMock), as Container Apps runs them: they agree on the status, the history and its
 * order, run one scheduled broadcast per interval between them, survive the loss of a
 * replica, and answer a Redis outage with 503 while negotiate keeps working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisReplicasTests {

	/**
	 * Two seconds: long enough that a tick late by up to three tenths of it (a loaded
	 * machine's scheduling) still falls in the windows the tests count.
	 */
	static final Duration INTERVAL = Duration.ofSeconds(2);

	static final String SEND_TO_ALL = "/api/hubs/notifications/:send";

	/** The key ShedLock keeps the broadcast's lock under. */
	static final String LOCK = "beacon:lock:beacon:status-broadcast";

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@RegisterExtension
	static final TwoReplicas replicas = new TwoReplicas(service, "replica", "always", "--beacon.store.timeout=1s",
			"--beacon.status.broadcast-interval=" + INTERVAL.toMillis() + "ms");

	@Test
	@Order(1)
	void aStatusPublishedOnOneReplicaIsCurrentAndInHistoryOnTheOther() {
		HttpResponse<String> published = http(replicas.a()).postJson("/api/status",
				"{\"status\":\"degraded\",\"message\":\"from A\"}", API_KEY);
		assertThat(published.statusCode()).isEqualTo(202);
		String idA = BeaconHttp.json(published).path("id").asString();

		assertThat(BeaconHttp.json(http(replicas.b()).get("/api/status")).path("id").asString()).isEqualTo(idA);
		assertThat(http(replicas.b()).get("/api/status/history").body()).contains(idA);

		String idB = BeaconHttp.json(http(replicas.b()).postJson("/api/status",
				"{\"status\":\"operational\",\"message\":\"from B\"}", API_KEY))
			.path("id")
			.asString();
		assertThat(BeaconHttp.json(http(replicas.a()).get("/api/status")).path("id").asString()).isEqualTo(idB);
		assertThat(http(replicas.a()).get("/api/status/history?limit=2").body()).contains(idA, idB);
	}

	@Test
	@Order(2)
	void concurrentPublishesOnBothReplicasEndInOneOrder() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<HttpResponse<String>>> results = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			BeaconHttp http = http((i % 2 == 0) ? replicas.a() : replicas.b());
			String body = "{\"status\":\"s" + i + "\"}";
			results.add(pool.submit(() -> http.postJson("/api/status", body, API_KEY)));
		}
		long highest = 0;
		for (Future<HttpResponse<String>> result : results) {
			HttpResponse<String> response = result.get();
			assertThat(response.statusCode()).isEqualTo(202);
			highest = Math.max(highest, BeaconHttp.json(response).path("sequence").asLong());
		}
		pool.shutdown();

		String historyA = http(replicas.a()).get("/api/status/history?limit=100").body();
		String historyB = http(replicas.b()).get("/api/status/history?limit=100").body();
		assertThat(historyA).isEqualTo(historyB);
		List<Long> sequences = new ArrayList<>();
		BeaconHttp.json(http(replicas.a()).get("/api/status/history?limit=100"))
			.forEach((event) -> sequences.add(event.path("sequence").asLong()));
		assertThat(sequences).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
		JsonNode currentA = BeaconHttp.json(http(replicas.a()).get("/api/status"));
		assertThat(currentA.path("sequence").asLong()).isEqualTo(highest).isEqualTo(sequences.getFirst());
		assertThat(http(replicas.b()).get("/api/status").body()).isEqualTo(currentA.toString());
	}

	@Test
	@Order(3)
	void exactlyOneScheduledBroadcastPerIntervalCarriesTheCurrentStatus() throws Exception {
		String current = BeaconHttp.json(http(replicas.a()).get("/api/status")).path("id").asString();
		awaitJustAfterABoundary();
		// The tick just run holds its lock in Redis for half an interval.
		assertThat(replicas.redis().command("EXISTS", LOCK)).isEqualTo(":1\r\n");
		service.resetRequests();

		// A sleep, not a wait: five intervals pass, and the broadcasts in them are
		// counted
		Thread.sleep(INTERVAL.multipliedBy(5).toMillis());

		List<LoggedRequest> broadcasts = broadcasts();
		assertThat(broadcasts).hasSize(5)
			.allSatisfy((request) -> assertThat(request.getBodyAsString()).contains(current));
		double runsA = runs(replicas.a());
		double runsB = runs(replicas.b());
		assertThat(runsA + runsB).isGreaterThanOrEqualTo(5);
	}

	@Test
	@Order(4)
	void whenTheReplicaHoldingTheTickDiesTheOtherTakesOverWithinTwoIntervals() throws Exception {
		// A replica killed mid-broadcast (kill -9) leaves its lock behind, to expire by
		// itself; it is left here as ShedLock writes it, then the replica goes away.
		awaitJustAfterABoundary();
		replicas.redis().command("SET", LOCK, "held by a dead replica", "PX", String.valueOf(INTERVAL.toMillis()));
		replicas.a().close();
		service.resetRequests();

		// A sleep, not a wait: three intervals pass, and the broadcasts in them are
		// counted
		Thread.sleep(INTERVAL.multipliedBy(3).toMillis());

		// The next tick is still locked by the dead replica; the two after it are B's.
		assertThat(broadcasts()).hasSize(2);
	}

	@Test
	@Order(5)
	void aRedisOutageAnswers503WithRetryAfterWhileNegotiateKeepsWorkingAndNothingAcknowledgedIsLost() throws Exception {
		BeaconHttp http = http(replicas.b());
		List<String> acknowledged = new ArrayList<>();
		acknowledged.add(BeaconHttp.json(http.postJson("/api/status", "{\"status\":\"before\"}", API_KEY))
			.path("id")
			.asString());

		replicas.redis().kill();
		service.resetRequests();
		long started = System.nanoTime();
		HttpResponse<String> refused = http.postJson("/api/status", "{\"status\":\"during\"}", API_KEY);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(took).isLessThan(Duration.ofSeconds(4));
		assertThat(broadcasts().stream().filter((request) -> request.getBodyAsString().contains("during"))).isEmpty();
		assertThat(http.get("/api/status").statusCode()).isEqualTo(503);
		assertThat(http.negotiate().statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		replicas.redis().restart();
		HttpResponse<String> after = awaitAccepted(http, "{\"status\":\"after\"}");
		acknowledged.add(BeaconHttp.json(after).path("id").asString());

		String history = http.get("/api/status/history?limit=100").body();
		assertThat(acknowledged).allSatisfy((id) -> assertThat(history).contains(id));
		assertThat(history).doesNotContain("\"during\"");
	}

	private static List<LoggedRequest> broadcasts() {
		return service.requests().stream().filter((request) -> request.getUrl().startsWith(SEND_TO_ALL)).toList();
	}

	private static HttpResponse<String> awaitAccepted(BeaconHttp http, String body) {
		return await("Beacon recovered after Redis came back").atMost(Duration.ofSeconds(15))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> http.postJson("/api/status", body, API_KEY), (response) -> response.statusCode() == 202);
	}

	private static double runs(ConfigurableApplicationContext replica) {
		var counter = replica.getBean(MeterRegistry.class).find("beacon.status.broadcast.runs").counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * Waits until three tenths of an interval after a boundary, so a window holds whole
	 * ticks, each allowed to run that late; the lock a tick takes lasts half an interval.
	 */
	private static void awaitJustAfterABoundary() throws InterruptedException {
		long millis = INTERVAL.toMillis();
		long now = Instant.now().toEpochMilli();
		long next = (now / millis + 1) * millis + millis * 3 / 10;
		// A sleep, not a wait: the clock itself must reach the boundary
		Thread.sleep(next - now);
	}

}
