package dev.beacon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;

import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRRestClient;
import dev.beacon.endpoint.FixedServiceEndpointProvider;
import dev.beacon.support.TestKeys;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 sends to a local stub: Beacon's REST client (URL building, validation, signing
 * with cached tokens, retry bookkeeping, metrics) against a bare JDK HttpClient posting
 * the same bodies to the same stub. Rounds alternate; the best round of each counts.
 */
@Tag("benchmark")
class RestPublishBenchmarkTests {

	static final int SENDS = 10_000;

	@Test
	void beaconClientVersusBareHttpClient() throws Exception {
		StubService stub = StubService.start(202);
		try {
			String base = "http://127.0.0.1:" + stub.port();
			SignalRRestClient beacon = beaconClient(stub.port());
			HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			SignalRMessage message = SignalRMessage.of("statusUpdate",
					java.util.Map.of("status", "operational", "message", "All services running normally"));
			byte[] body = JsonMapper.shared().writeValueAsBytes(message);
			URI uri = URI.create(base + "/api/hubs/notifications/:send?api-version=2024-12-01");
			long beaconBest = Long.MAX_VALUE;
			long bareBest = Long.MAX_VALUE;
			for (int round = 0; round < 4; round++) {
				long started = System.nanoTime();
				for (int i = 0; i < SENDS; i++) {
					HttpResponse<Void> response = bare.send(HttpRequest.newBuilder(uri)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofByteArray(body))
						.build(), HttpResponse.BodyHandlers.discarding());
					assertThat(response.statusCode()).isEqualTo(202);
				}
				bareBest = Math.min(bareBest, System.nanoTime() - started);
				started = System.nanoTime();
				for (int i = 0; i < SENDS; i++) {
					beacon.sendToAll("notifications", message, List.of());
				}
				beaconBest = Math.min(beaconBest, System.nanoTime() - started);
			}
			assertThat(stub.received()).isEqualTo(8 * SENDS);
			double beaconRate = SENDS / (beaconBest / 1e9);
			double bareRate = SENDS / (bareBest / 1e9);
			double ratio = beaconRate / bareRate;
			BenchmarkResults.record("REST publish, 10,000 sequential sends to a local stub",
					"%.0f sends/s (%.0f us each)".formatted(beaconRate, 1e6 / beaconRate),
					"%.0f sends/s (bare JDK HttpClient)".formatted(bareRate), "%.2f".formatted(ratio),
					"ratio >= 0.8: " + BenchmarkResults.met(ratio >= 0.8));
		}
		finally {
			stub.stop();
		}
	}

	private static SignalRRestClient beaconClient(int port) {
		FixedServiceEndpointProvider endpoints = FixedServiceEndpointProvider
			.of(TestKeys.connectionString("http://127.0.0.1;Port=" + port));
		return dev.beacon.restclient.RestClientBenchmarkAccess.client(endpoints,
				new AccessTokenIssuer(Clock.systemUTC()), new SimpleMeterRegistry());
	}

}
