package dev.beacon.store;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.BeaconApplication;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How production Redis fails, on real {@code redis-server}s under one Beacon: a failover
 * that leaves Beacon on a replica (two servers and {@code REPLICAOF}: writes answer
 * {@code READONLY}), a paused server ({@code CLIENT PAUSE}), memory full with
 * {@code noeviction} ({@code OOM}), and connections killed ({@code CLIENT KILL}). For
 * each: publishes answer 503 with {@code Retry-After} naming the fault, never a 202 for a
 * write that did not happen; health says which fault; everything works again without a
 * restart; nothing acknowledged is lost; the log has one WARN each way and no ERROR.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreFailureModesTests {

	static RedisServer primary;

	static RedisServer replica;

	static ConfigurableApplicationContext beacon;

	static BeaconHttp http;

	final List<String> acknowledged = new ArrayList<>();

	@BeforeAll
	static void start() {
		primary = RedisServer.start();
		replica = RedisServer.start();
		replica.command("REPLICAOF", "127.0.0.1", Integer.toString(primary.port()));
		beacon = new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0",
				"--beacon.api.keys=" + API_KEY, "--beacon.store.type=redis", "--spring.data.redis.url=" + primary.url(),
				"--beacon.local.access-key=STOREFAULTSSTOREFAULTSSTOREFAULTSSTOREFAULTS",
				"--beacon.store.timeout=500ms", "--beacon.status.broadcast-interval=0",
				"--beacon.status.history-size=100", "--logging.level.dev.beacon=INFO");
		http = new BeaconHttp(((WebServerApplicationContext) beacon).getWebServer().getPort());
	}

	@AfterAll
	static void stop() {
		if (beacon != null) {
			beacon.close();
		}
		if (replica != null) {
			replica.close();
		}
		if (primary != null) {
			primary.close();
		}
	}

	@Test
	void aFailoverThatLeavesBeaconOnAReplicaRefusesWritesUntilItIsPrimaryAgainAndLosesNothingAcknowledged(
			CapturedOutput output) {
		publishAccepted("before the failover");
		awaitReplicated();

		// The replica is promoted and the old primary, where Beacon still points, follows
		// it
		replica.command("REPLICAOF", "NO", "ONE");
		primary.command("REPLICAOF", "127.0.0.1", Integer.toString(replica.port()));
		publishRefused("read-only replica");
		assertThat(storeHealth()).contains("read-only replica");

		// And back: the old primary is promoted again
		primary.command("REPLICAOF", "NO", "ONE");
		replica.command("REPLICAOF", "127.0.0.1", Integer.toString(primary.port()));
		publishAccepted("after the failover");
		assertThat(storeHealth()).isEmpty();
		assertEveryAcknowledgedStatusIsInTheHistory();
		assertOneWarningEachWay(output, "read-only replica");
	}

	@Test
	void aPausedServerIsRefusedWithinTheStoreTimeoutAndServesAgainAfter(CapturedOutput output) {
		publishAccepted("before the pause");
		primary.command("CLIENT", "PAUSE", "2000", "ALL");
		long started = System.nanoTime();
		publishRefused("did not answer in time");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
		awaitAccepted("after the pause");
		assertEveryAcknowledgedStatusIsInTheHistory();
		assertOneWarningEachWay(output, "did not answer in time");
	}

	@Test
	void memoryFullWithNoEvictionIsRefusedUntilThereIsRoom(CapturedOutput output) {
		publishAccepted("before memory is full");
		primary.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
		primary.command("CONFIG", "SET", "maxmemory", "1");
		try {
			publishRefused("out of memory");
			assertThat(storeHealth()).contains("out of memory");
		}
		finally {
			primary.command("CONFIG", "SET", "maxmemory", "0");
		}
		publishAccepted("after memory is freed");
		assertEveryAcknowledgedStatusIsInTheHistory();
		assertOneWarningEachWay(output, "out of memory");
	}

	@Test
	void killedConnectionsNeverTurnARefusedWriteIntoA202AndReconnectByThemselves(CapturedOutput output) {
		publishAccepted("before the kill");
		for (int round = 0; round < 3; round++) {
			primary.command("CLIENT", "KILL", "TYPE", "normal");
			HttpResponse<String> answer = publish("right after kill " + round);
			assertThat(answer.statusCode()).as(answer.body()).isIn(202, 503);
			if (answer.statusCode() == 202) {
				this.acknowledged.add("right after kill " + round);
			}
		}
		awaitAccepted("after the kills");
		assertEveryAcknowledgedStatusIsInTheHistory();
		assertThat(output).doesNotContain(" ERROR ");
	}

	private HttpResponse<String> publish(String message) {
		return http.postJson("/api/status", "{\"status\":\"ok\",\"message\":\"" + message + "\"}", API_KEY);
	}

	private void publishAccepted(String message) {
		HttpResponse<String> answer = publish(message);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		this.acknowledged.add(message);
	}

	private void awaitAccepted(String message) {
		await("the store serves again").atMost(Duration.ofSeconds(15))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				HttpResponse<String> answer = publish(message);
				assertThat(answer.statusCode()).as(answer.body()).isIn(202, 503);
				return answer.statusCode() == 202;
			});
		this.acknowledged.add(message);
	}

	private void publishRefused(String fault) {
		HttpResponse<String> answer = publish("refused: " + fault);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(BeaconHttp.json(answer).path("detail").asString()).contains(fault).contains("nothing was recorded");
	}

	// The store's health error, empty when it is up
	private String storeHealth() {
		var store = BeaconHttp.json(http.call("GET", "/actuator/health", API_KEY)).path("components").path("store");
		assertThat(store.path("status").asString()).isIn("UP", "DOWN");
		return store.path("details").path("error").asString("");
	}

	private void assertEveryAcknowledgedStatusIsInTheHistory() {
		String history = http.get("/api/status/history").body();
		assertThat(this.acknowledged).allSatisfy((message) -> assertThat(history).contains("\"" + message + "\""));
		assertThat(history).doesNotContain("refused: ");
	}

	/**
	 * Until the replica holds every write the primary had: a failover then loses none.
	 */
	private void awaitReplicated() {
		long written = replicationOffset(primary, "master_repl_offset");
		await("replica in sync").atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.until(() -> replica.command("INFO", "replication").contains("master_link_status:up")
					&& replicationOffset(replica, "slave_repl_offset") >= written);
	}

	private static long replicationOffset(RedisServer redis, String field) {
		return redis.command("INFO", "replication")
			.lines()
			.filter((line) -> line.startsWith(field + ":"))
			.mapToLong((line) -> Long.parseLong(line.substring(field.length() + 1).strip()))
			.findFirst()
			.orElse(-1);
	}

	private static void assertOneWarningEachWay(CapturedOutput output, String fault) {
		List<String> store = output.getAll()
			.lines()
			.filter((line) -> line.contains(StoreOperations.class.getName().replace("dev.beacon.", "d.b."))
					|| line.contains("StoreOperations"))
			.toList();
		assertThat(store).filteredOn((line) -> line.contains(fault)).hasSize(1);
		assertThat(store).filteredOn((line) -> line.contains("answers again")).hasSize(1);
		assertThat(output).doesNotContain(" ERROR ");
	}

}
