package dev.beacon.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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

	/**
	 * A closed-loop round: {@code callers} virtual threads each making the next of
	 * {@code calls} as soon as its last one was answered.
	 * @param callers how many call at once
	 * @param calls how many calls in all
	 * @param call one call, answering its latency in nanoseconds
	 * @return the round
	 */
	static Round closedLoop(int callers, int calls, Callable<Long> call) throws Exception {
		AtomicInteger left = new AtomicInteger(calls);
		List<Callable<long[]>> tasks = new ArrayList<>();
		for (int c = 0; c < callers; c++) {
			tasks.add(() -> {
				long[] latencies = new long[calls];
				int n = 0;
				while (left.getAndDecrement() > 0) {
					latencies[n++] = call.call();
				}
				return Arrays.copyOf(latencies, n);
			});
		}
		long started = System.nanoTime();
		List<long[]> all = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Future<long[]> result : threads.invokeAll(tasks)) {
				all.add(result.get());
			}
		}
		Duration length = Duration.ofNanos(System.nanoTime() - started);
		long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return new Round(latencies.length, length, latencies);
	}

	static double medianOf(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		return sorted.get(sorted.size() / 2);
	}

}
