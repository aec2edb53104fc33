package dev.beacon.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.TestKeys;
import dev.beacon.token.AccessTokenIssuer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Minting one client token against the floor it cannot beat: one HMAC-SHA256 over a
 * token-sized input with the same key.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenMintingBenchmark {

	static final AccessKey KEY = new AccessKey(TestKeys.ACCESS_KEY);

	static final String AUDIENCE = "https://beacon-bench.service.signalr.net/client/?hub=notifications";

	private AccessTokenIssuer issuer;

	private Mac mac;

	private byte[] tokenSizedInput;

	@Setup
	public void setUp() throws Exception {
		this.issuer = new AccessTokenIssuer(Clock.systemUTC());
		this.mac = Mac.getInstance("HmacSHA256");
		this.mac.init(new SecretKeySpec(KEY.bytes(), "HmacSHA256"));
		String sample = this.issuer.issue(KEY, AUDIENCE, Duration.ofHours(1), Map.of("nameid", "user-42"));
		this.tokenSizedInput = sample.substring(0, sample.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
	}

	@Benchmark
	public String mintClientToken() {
		return this.issuer.issue(KEY, AUDIENCE, Duration.ofHours(1), Map.of("nameid", "user-42"));
	}

	@Benchmark
	public byte[] hmacOnly() {
		return this.mac.doFinal(this.tokenSizedInput);
	}

}
