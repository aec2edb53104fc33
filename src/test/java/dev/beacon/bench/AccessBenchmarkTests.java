package dev.beacon.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.beacon.BeaconApplication;
import dev.beacon.support.EntraTenant;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What least privilege costs a publish: {@code POST /api/status} by 64 concurrent
 * publishers (Azure mode, a local stub of the service answering 202) with a full-access
 * key of {@code beacon.api.keys} (the baseline: what every caller had before scopes), a
 * named client's scoped key, and an Entra ID token (signature checked each call, the key
 * set fetched once and cached), in one run: rounds of each in turn, rotated every block
 * so that each credential takes each place, and the ratio of each to the baseline is the
 * median of the blocks'.
 */
@Tag("benchmark")
class AccessBenchmarkTests {

	static final int PUBLISHERS = 64;

	static final int MESSAGES = Integer.getInteger("bench.access.messages", 6_000);

	static final int BLOCKS = Integer.getInteger("bench.access.blocks", 3);

	static final String FULL_KEY = "full-access-bench-key-0123456789abcdef";

	static final String SCOPED_KEY = "status-writer-bench-key-0123456789abcdef";

	enum Credential {

		FULL_ACCESS_KEY, SCOPED_KEY, ENTRA_TOKEN

	}

	@RegisterExtension
	static final EntraTenant tenant = new EntraTenant();

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void aScopedKeyAndAnEntraTokenCostAPublishNoMoreThanAFullAccessKey() throws Exception {
		StubService stub = StubService.start(202);
		String token = tenant
			.token(tenant.claims().claim("azp", "bench-app").claim("roles", List.of("Status.Write")).build());
		String loadBefore = BenchmarkResults.loadAverage();
		try (ConfigurableApplicationContext beacon = beacon(stub, tenant)) {
			URI status = URI.create("http://127.0.0.1:"
					+ ((WebServerApplicationContext) beacon).getWebServer().getPort() + "/api/status");
			Map<Credential, String[]> headers = new EnumMap<>(Credential.class);
			headers.put(Credential.FULL_ACCESS_KEY, new String[] { "X-API-Key", FULL_KEY });
			headers.put(Credential.SCOPED_KEY, new String[] { "X-API-Key", SCOPED_KEY });
			headers.put(Credential.ENTRA_TOKEN, new String[] { "Authorization", "Bearer " + token });
			for (int i = 0; i < 2; i++) {
				for (Credential credential : Credential.values()) {
					round(status, headers.get(credential));
				}
			}
			Map<Credential, List<Round>> rounds = new EnumMap<>(Credential.class);
			Map<Credential, List<Double>> cpu = new EnumMap<>(Credential.class);
			List<Credential> order = new ArrayList<>(List.of(Credential.values()));
			for (int block = 0; block < BLOCKS; block++) {
				for (Credential credential : order) {
					long before = cpuTime();
					rounds.computeIfAbsent(credential, (c) -> new ArrayList<>())
						.add(round(status, headers.get(credential)));
					cpu.computeIfAbsent(credential, (c) -> new ArrayList<>())
						.add((cpuTime() - before) / 1e3 / MESSAGES);
				}
				Collections.rotate(order, 1);
			}
			String load = "load average " + loadBefore + " before, " + BenchmarkResults.loadAverage() + " after";
			assertThat(tenant.keyFetches()).isEqualTo(1);
			for (Credential credential : List.of(Credential.SCOPED_KEY, Credential.ENTRA_TOKEN)) {
				record(credential, rounds, cpu, load);
			}
		}
		finally {
			stub.stop();
		}
	}

	private static void record(Credential credential, Map<Credential, List<Round>> rounds,
			Map<Credential, List<Double>> cpu, String load) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < BLOCKS; i++) {
			ratios.add(rounds.get(credential).get(i).rate() / rounds.get(Credential.FULL_ACCESS_KEY).get(i).rate());
		}
		double ratio = Round.medianOf(ratios);
		Round measured = Round.median(rounds.get(credential));
		Round baseline = Round.median(rounds.get(Credential.FULL_ACCESS_KEY));
		BenchmarkResults.record(
				"Status publish with a " + credential.name().toLowerCase().replace('_', ' ') + ", " + PUBLISHERS
						+ " publishers, " + MESSAGES + " a round, " + BLOCKS + " rotated blocks",
				"%.0f/s, p50 %.2f ms, p99 %.2f ms; %.1f us CPU a publish".formatted(measured.rate(),
						measured.p50Millis(), measured.p99Millis(), Round.medianOf(cpu.get(credential))),
				"%.0f/s, p50 %.2f ms, p99 %.2f ms; %.1f us CPU a publish: a full-access key".formatted(baseline.rate(),
						baseline.p50Millis(), baseline.p99Millis(),
						Round.medianOf(cpu.get(Credential.FULL_ACCESS_KEY))),
				"%.2f (blocks %.2f to %.2f)".formatted(ratio, Collections.min(ratios), Collections.max(ratios)),
				"ratio >= 0.95: %s; %s".formatted(BenchmarkResults.met(ratio >= 0.95), load));
	}

	private static ConfigurableApplicationContext beacon(StubService stub, EntraTenant tenant) {
		return new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0",
				"--beacon.signalr.connection-string="
						+ TestKeys.localConnectionString(stub.port(), TestKeys.ACCESS_KEY),
				"--beacon.api.keys=" + FULL_KEY, "--beacon.api.clients[0].name=status-writer",
				"--beacon.api.clients[0].key=" + SCOPED_KEY, "--beacon.api.clients[0].scopes=Status.Write",
				"--beacon.api.auth.audience=" + EntraTenant.AUDIENCE, "--beacon.api.auth.issuers=" + EntraTenant.ISSUER,
				"--beacon.api.auth.jwk-set-uri=" + tenant.jwkSetUri(), "--beacon.status.broadcast-interval=0",
				"--logging.level.root=WARN");
	}

	private Round round(URI uri, String[] header) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.header(header[0], header[1])
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"degraded\",\"message\":\"Checkout is slow\"}"))
			.build();
		return Round.closedLoop(PUBLISHERS, MESSAGES, () -> {
			long started = System.nanoTime();
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() != 202) {
				throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode());
			}
			return System.nanoTime() - started;
		});
	}

	private static long cpuTime() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
