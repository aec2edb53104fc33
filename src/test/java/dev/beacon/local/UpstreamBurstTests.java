package dev.beacon.local;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.BeaconApplication;
import dev.beacon.support.ProtocolClient;
import dev.beacon.upstream.ClientConnectedEvent;
import dev.beacon.upstream.ClientDisconnectedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand clients disconnecting at once: every {@code connected} and
 * {@code disconnected} event reaches the upstream (Beacon's own receiver, over real
 * HTTP), also when Beacon shuts down right after the burst, as at the end of the
 * end-to-end benchmark, and none is counted as lost. Beacon is started here rather than
 * by {@code @SpringBootTest}, since one test closes it and the test framework cannot
 * reuse or restart a context closed under it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamBurstTests {

	static final int CLIENTS = 1000;

	/** Fewer while Beacon keeps running, to keep the test short. */
	static final int RUNNING_CLIENTS = 500;

	private static ConfigurableApplicationContext beacon;

	private static Events events;

	private static MeterRegistry meterRegistry;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@BeforeAll
	static void startBeacon() {
		beacon = new SpringApplicationBuilder(BeaconApplication.class, Events.class).registerShutdownHook(false)
			.run("--server.port=0", "--beacon.api.keys=" + API_KEY, "--beacon.status.broadcast-interval=0",
					// The production wait, not the test JVM's (pom.xml)
					"--spring.lifecycle.timeout-per-shutdown-phase=20s");
		events = beacon.getBean(Events.class);
		meterRegistry = beacon.getBean(MeterRegistry.class);
	}

	@AfterAll
	static void stopBeacon() {
		beacon.close();
	}

	@BeforeEach
	void forgetEarlierEvents() {
		events.connected.clear();
		events.disconnected.clear();
	}

	@Test
	@Order(1)
	void everyEventOfADisconnectBurstReachesTheUpstream() throws Exception {
		List<ProtocolClient> clients = connectAll(RUNNING_CLIENTS);

		clients.forEach(ProtocolClient::close);
		awaitSize(events.disconnected, RUNNING_CLIENTS);

		assertThat(events.disconnected).hasSize(RUNNING_CLIENTS).isEqualTo(events.connected);
		assertThat(lost()).isZero();
	}

	/** Runs last: it shuts Beacon down. */
	@Test
	@Order(2)
	void shutdownRightAfterADisconnectBurstStillDeliversEveryEvent() throws Exception {
		List<ProtocolClient> clients = connectAll(CLIENTS);

		clients.forEach(ProtocolClient::close);
		beacon.close();

		assertThat(events.disconnected).hasSize(CLIENTS).isEqualTo(events.connected);
		assertThat(lost()).isZero();
	}

	private List<ProtocolClient> connectAll(int count) throws Exception {
		int port = ((WebServerApplicationContext) beacon).getWebServer().getPort();
		List<ProtocolClient> clients = ProtocolClient.connectAll(this.http, "http://127.0.0.1:" + port, count,
				(json) -> {
				});
		awaitSize(events.connected, count);
		assertThat(events.connected).hasSize(count);
		return clients;
	}

	private static double lost() {
		return meterRegistry.find("beacon.local.upstream.lost").counters().stream().mapToDouble(Counter::count).sum();
	}

	private static void awaitSize(Set<String> ids, int size) {
		await(size + " events").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(ids::size, (count) -> count >= size);
	}

	/** What Beacon's upstream receiver published, by connection ID. */
	static class Events {

		final Set<String> connected = ConcurrentHashMap.newKeySet();

		final Set<String> disconnected = ConcurrentHashMap.newKeySet();

		@EventListener
		void connected(ClientConnectedEvent event) {
			this.connected.add(event.connectionId());
		}

		@EventListener
		void disconnected(ClientDisconnectedEvent event) {
			this.disconnected.add(event.connectionId());
		}

	}

}
