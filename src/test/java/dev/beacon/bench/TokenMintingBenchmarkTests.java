package dev.beacon.bench;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH: ns per minted client token, against a bare HMAC of the same size.
 */
@Tag("benchmark")
class TokenMintingBenchmarkTests {

	@Test
	void tokenMinting() throws Exception {
		Options options = new OptionsBuilder().include(TokenMintingBenchmark.class.getName())
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(2))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(2))
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, Double> nsPerOp = results.stream()
			.collect(Collectors.toMap((result) -> result.getParams().getBenchmark().replaceAll(".*\\.", ""),
					(result) -> result.getPrimaryResult().getScore()));
		double mint = nsPerOp.get("mintClientToken");
		double hmac = nsPerOp.get("hmacOnly");
		BenchmarkResults.record("Token minting (JMH, 1 thread)", "%.0f ns/op".formatted(mint),
				"%.0f ns/op (bare HMAC-SHA256)".formatted(hmac), "%.1fx the HMAC".formatted(mint / hmac),
				"not the bottleneck: %s (%.0f tokens/s per core)".formatted(BenchmarkResults.met(mint < 100_000),
						1e9 / mint));
	}

}
