package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.beacon.support.ProtocolClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: N clients, a status every 10 ms, and every second one client is killed and a new
 * one connects. Every session must receive every status published while it was connected,
 * and each replacement recovers what was published in the gap from
 * {@code /api/status/history}.
 */
@Tag("soak")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=soak-key-0123456789abcdef0123456789abcdef",
				"beacon.status.broadcast-interval=0", "beacon.status.history-size=1000", "logging.level.root=WARN" })
class KillAndReconnectSoakTests {

	static final int CLIENTS = Integer.getInteger("soak.clients", 1000);

	static final int SECONDS = Integer.getInteger("soak.seconds", 30);

	private static final Pattern SEQUENCE = Pattern.compile("soak-(\\d+)");

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	/** Publication time (nanos after the 202) by sequence. */
	private final ConcurrentSkipListMap<Integer, Long> published = new ConcurrentSkipListMap<>();

	@Test
	void everySessionGetsEveryMessageOfItsLifetimeAndReplacementsCatchUp() throws Exception {
		String beacon = "http://127.0.0.1:" + this.port;
		List<Session> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			sessions.add(Session.open(this.http, beacon));
		}
		// Protocol clients must ping, or the service's client timeout (30 s) closes them.
		java.util.concurrent.ScheduledExecutorService pinger = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor();
		pinger.scheduleAtFixedRate(() -> List.copyOf(sessions).forEach(Session::ping), 10, 10,
				java.util.concurrent.TimeUnit.SECONDS);
		AtomicInteger sequence = new AtomicInteger();
		List<Session> killed = new ArrayList<>();
		int recovered = 0;
		long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
		long nextKill = System.nanoTime() + 1_000_000_000L;
		Session down = null;
		int publishedWhileDown = 0;
		while (System.nanoTime() < end) {
			publish(beacon, sequence.getAndIncrement());
			if (down != null && ++publishedWhileDown == 5) {
				// The killed client comes back after missing five statuses and catches
				// up.
				Session replacement = Session.open(this.http, beacon);
				sessions.add(replacement);
				recovered += replacement.catchUp(this.http, beacon, down.closedAt, this.published);
				down = null;
			}
			if (down == null && System.nanoTime() >= nextKill) {
				nextKill += 1_000_000_000L;
				down = sessions.remove((int) (Math.random() * sessions.size()));
				down.kill();
				killed.add(down);
				publishedWhileDown = 0;
			}
			Thread.sleep(10);
		}
		Thread.sleep(5000);
		pinger.shutdownNow();
		long delivered = 0;
		long missed = 0;
		List<Session> all = new ArrayList<>(sessions);
		all.addAll(killed);
		for (Session session : all) {
			for (var entry : this.published.entrySet()) {
				boolean during = entry.getValue() > session.openedAt && entry.getValue() < session.closedAt;
				if (during) {
					if (session.received.contains(entry.getKey())) {
						delivered++;
					}
					else {
						missed++;
					}
				}
			}
		}
		BenchmarkResults.record(
				"Soak: " + CLIENTS + " clients, 1 status / 10 ms, one killed and replaced per second, " + SECONDS
						+ " s",
				"%d deliveries within sessions, %d missed; %d statuses recovered from history by %d replacements"
					.formatted(delivered, missed, recovered, killed.size()),
				"every message of a session's lifetime", "", "0 missed: " + BenchmarkResults.met(missed == 0));
		assertThat(missed).isZero();
		assertThat(killed).isNotEmpty();
	}

	private void publish(String beacon, int sequence) throws Exception {
		HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(beacon + "/api/status"))
			.header("Content-Type", "application/json")
			.header("X-API-Key", "soak-key-0123456789abcdef0123456789abcdef")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"status\":\"operational\",\"message\":\"soak-" + sequence + "\"}"))
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(202);
		this.published.put(sequence, System.nanoTime());
	}

	/** One client connection's lifetime and what it received. */
	static final class Session {

		final Set<Integer> received = ConcurrentHashMap.newKeySet();

		volatile long openedAt;

		volatile long closedAt = Long.MAX_VALUE;

		private ProtocolClient client;

		static Session open(HttpClient http, String beacon) throws Exception {
			Session session = new Session();
			session.client = ProtocolClient.connect(http, beacon, (json) -> {
				Matcher matcher = SEQUENCE.matcher(json);
				if (matcher.find()) {
					session.received.add(Integer.parseInt(matcher.group(1)));
				}
			});
			session.openedAt = System.nanoTime();
			return session;
		}

		void ping() {
			if (this.closedAt == Long.MAX_VALUE) {
				this.client.ping();
			}
		}

		void kill() {
			this.closedAt = System.nanoTime();
			this.client.close();
		}

		/**
		 * Reads the history as a page does after reconnecting; counts the gap's statuses
		 * found.
		 */
		int catchUp(HttpClient http, String beacon, long gapStart, ConcurrentSkipListMap<Integer, Long> published)
				throws Exception {
			HttpResponse<String> history = http.send(
					HttpRequest.newBuilder(URI.create(beacon + "/api/status/history?limit=1000")).build(),
					HttpResponse.BodyHandlers.ofString());
			Set<Integer> inHistory = ConcurrentHashMap.newKeySet();
			for (JsonNode event : JsonMapper.shared().readTree(history.body())) {
				Matcher matcher = SEQUENCE.matcher(event.path("message").asString());
				if (matcher.find()) {
					inHistory.add(Integer.parseInt(matcher.group(1)));
				}
			}
			int found = 0;
			for (var entry : published.entrySet()) {
				if (entry.getValue() > gapStart && entry.getValue() < this.openedAt) {
					assertThat(inHistory).as("status %d published in the gap", entry.getKey()).contains(entry.getKey());
					found++;
				}
			}
			return found;
		}

	}

}
