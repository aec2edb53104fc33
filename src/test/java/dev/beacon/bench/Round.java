package dev.beacon.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One timed round of a closed-loop load: how many calls completed and each one's latency.
 *
 * @param count calls completed
 * @param length how long the round ran
 * @param sortedLatencies every call's latency in nanoseconds, ascending
 */
record Round(int count, Duration length, long[] sortedLatencies) {

	double rate() {
		return this.count / (this.length.toNanos() / 1e9);
	}

	double p50Millis() {
		return percentile(0.50);
	}

	double p99Millis() {
		return percentile(0.99);
	}

	private double percentile(double p) {
		return this.sortedLatencies[(int) Math.min(this.sortedLatencies.length - 1,
				Math.ceil(p * this.sortedLatencies.length) - 1)] / 1e6;
	}

	/** This round and another as one. */
	Round plus(Round other) {
		long[] latencies = new long[this.sortedLatencies.length + other.sortedLatencies.length];
		System.arraycopy(this.sortedLatencies, 0, latencies, 0, this.sortedLatencies.length);
		System.arraycopy(other.sortedLatencies, 0, latencies, this.sortedLatencies.length,
				other.sortedLatencies.length);
		Arrays.sort(latencies);
		return new Round(this.count + other.count, this.length.plus(other.length), latencies);
	}

	/** The round of median rate. */
	static Round median(List<Round> rounds) {
		List<Round> sorted = new ArrayList<>(rounds);
		sorted.sort((a, b) -> Double.compare(a.rate(), b.rate()));
		return sorted.get(sorted.size() / 2);
	}

	static double medianOf(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		return sorted.get(sorted.size() / 2);
	}

}
