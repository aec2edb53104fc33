package dev.beacon.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * A load generator that does not wait for answers (an open loop): request {@code i} is
 * due at {@code start + i / rate} whatever became of the ones before it, and its latency
 * is counted from that intended time to its answer. A stall anywhere (the server, the
 * machine, a GC pause, the generator itself) therefore delays and counts every request
 * due during it, as users arriving at that rate would meet it, instead of silently
 * sending fewer (coordinated omission, which closed-loop tools such as wrk have).
 * <p>
 * Each request runs on its own virtual thread over the keep-alive HTTP/1.1 connections of
 * a few JDK HttpClients (each has one selector thread; requests are spread over them).
 * How late the generator itself sent, the actual minus the intended send time, is kept
 * beside the latencies: when it is small next to them, the generator was not what limited
 * the figures. Latencies are kept per request in a plain array, exact to the nanosecond,
 * rather than in a histogram.
 */
final class OpenLoop implements AutoCloseable {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final HttpClient[] clients;

	OpenLoop(int clients) {
		this.clients = new HttpClient[clients];
		for (int i = 0; i < clients; i++) {
			this.clients[i] = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				// Answers complete on the selector thread, as in Beacon's own client: no
				// hop
				// to a pool before the waiting virtual thread is resumed.
				.executor(Runnable::run)
				.build();
		}
	}

	/**
	 * Sends {@code rate × length} requests at a fixed rate.
	 * @param request the request, sent as is each time (its body publisher must be
	 * reusable, as {@code ofByteArray} and {@code ofString} are)
	 * @param expectedStatus any other answer, or none, is an error
	 * @param rate requests per second
	 * @param length how long to send
	 * @return the latencies from each request's intended send time
	 */
	Result run(HttpRequest request, int expectedStatus, int rate, Duration length) throws InterruptedException {
		return run((index) -> request, expectedStatus, rate, length);
	}

	/**
	 * Sends {@code rate × length} requests at a fixed rate, request {@code i} made by
	 * {@code requests} (a request to each of many connections, say).
	 */
	Result run(IntFunction<HttpRequest> requests, int expectedStatus, int rate, Duration length)
			throws InterruptedException {
		int count = (int) (rate * length.toNanos() / SECOND);
		long[] latencies = new long[count];
		long[] lateness = new long[count];
		Map<String, LongAdder> errors = new ConcurrentHashMap<>();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(count);
		Machine machineBefore = Machine.now();
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
		for (int i = 0; i < count; i++) {
			long intended = start + i * SECOND / rate;
			long now = System.nanoTime();
			while (now < intended) {
				// Sleeps overshoot by tens of microseconds; that shows in lateness.
				LockSupport.parkNanos(intended - now);
				now = System.nanoTime();
			}
			int index = i;
			HttpClient client = this.clients[i % this.clients.length];
			Thread.ofVirtual().start(() -> {
				lateness[index] = System.nanoTime() - intended;
				maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
				String error = send(client, requests.apply(index), expectedStatus);
				if (error != null) {
					errors.computeIfAbsent(error, (key) -> new LongAdder()).increment();
				}
				latencies[index] = System.nanoTime() - intended;
				inFlight.decrementAndGet();
				done.countDown();
			});
		}
		long sendingTook = System.nanoTime() - start;
		if (!done.await(length.toSeconds() + 60, TimeUnit.SECONDS)) {
			throw new IllegalStateException(done.getCount() + " requests never finished");
		}
		Machine machineAfter = Machine.now();
		double othersCores = machineAfter.othersCoresSince(machineBefore);

		Arrays.sort(latencies);
		Arrays.sort(lateness);
		Map<String, Long> errorCounts = new TreeMap<>();
		errors.forEach((error, n) -> errorCounts.put(error, n.sum()));
		return new Result(rate, count, errorCounts, Duration.ofNanos(sendingTook), latencies, lateness,
				maxInFlight.get(), othersCores, (int) (machineAfter.gcPauses() - machineBefore.gcPauses()),
				machineAfter.gcMillis() - machineBefore.gcMillis());
	}

	/**
	 * A closed loop, for finding the saturation rate: {@code concurrency} callers each
	 * sending the next request as soon as the last one is answered, for {@code length} or
	 * until {@code limit} were answered.
	 * @return answers per second, and the CPU time this process spent per answer (the
	 * generator's and any stub's included)
	 */
	Saturation closed(HttpRequest request, int expectedStatus, int concurrency, Duration length, long limit)
			throws InterruptedException {
		return closed((index) -> request, expectedStatus, concurrency, length, limit);
	}

	/** A closed loop whose requests {@code requests} makes, numbered from 0. */
	Saturation closed(IntFunction<HttpRequest> requests, int expectedStatus, int concurrency, Duration length,
			long limit) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		LongAdder answered = new LongAdder();
		Map<String, LongAdder> errors = new ConcurrentHashMap<>();
		long end = System.nanoTime() + length.toNanos();
		List<Thread> callers = new ArrayList<>();
		long started = System.nanoTime();
		long cpuBefore = processCpuNanos();
		for (int c = 0; c < concurrency; c++) {
			HttpClient client = this.clients[c % this.clients.length];
			callers.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < end && answered.sum() < limit) {
					String error = send(client, requests.apply(next.getAndIncrement()), expectedStatus);
					if (error == null) {
						answered.increment();
					}
					else {
						errors.computeIfAbsent(error, (key) -> new LongAdder()).increment();
					}
				}
			}));
		}
		for (Thread caller : callers) {
			caller.join();
		}
		long took = System.nanoTime() - started;
		long cpu = processCpuNanos() - cpuBefore;
		Map<String, Long> errorCounts = new TreeMap<>();
		errors.forEach((error, n) -> errorCounts.put(error, n.sum()));
		return new Saturation(answered.sum() / (took / 1e9), cpu / 1e3 / Math.max(1, answered.sum()), errorCounts);
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * A closed loop's outcome.
	 *
	 * @param rate answers per second
	 * @param cpuMicrosPerRequest CPU time of the whole process per answer
	 * @param errors requests answered otherwise than expected, or not at all
	 */
	record Saturation(double rate, double cpuMicrosPerRequest, Map<String, Long> errors) {

		@Override
		public String toString() {
			return "%.0f/s, %.0f us CPU each%s".formatted(this.rate, this.cpuMicrosPerRequest,
					this.errors.isEmpty() ? "" : ", errors " + this.errors);
		}

	}

	@Override
	public void close() {
		for (HttpClient client : this.clients) {
			client.close();
		}
	}

	/**
	 * @return null when answered as expected, else what went wrong
	 */
	private static @Nullable String send(HttpClient client, HttpRequest request, int expectedStatus) {
		try {
			int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return (status != expectedStatus) ? String.valueOf(status) : null;
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	/**
	 * The whole machine's busy CPU time ({@code /proc/stat}, Linux) and this process's,
	 * at one moment: the difference over a step is what other processes used.
	 *
	 * @param nanos when, on {@link System#nanoTime()}
	 * @param machineBusyNanos CPU time all processes used since boot, -1 if unknown
	 * @param processNanos CPU time this process used
	 * @param gcPauses garbage collections that stopped this process so far
	 * @param gcMillis their accumulated time
	 */
	record Machine(long nanos, long machineBusyNanos, long processNanos, long gcPauses, long gcMillis) {

		/** Linux counts {@code /proc/stat} in ticks of 10 ms (USER_HZ = 100). */
		private static final long TICK_NANOS = 10_000_000;

		static Machine now() {
			long busy = -1;
			try {
				String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
				long total = 0;
				// user nice system idle iowait irq softirq steal: all but idle and iowait
				// are busy.
				for (int i = 1; i <= 8 && i < cpu.length; i++) {
					total += (i == 4 || i == 5) ? 0 : Long.parseLong(cpu[i]);
				}
				busy = total * TICK_NANOS;
			}
			catch (IOException | RuntimeException ex) {
				// Not Linux: unknown.
			}
			long pauses = 0;
			long millis = 0;
			for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
				// G1's concurrent cycles do not stop the application.
				if (!collector.getName().contains("Concurrent")) {
					pauses += collector.getCollectionCount();
					millis += collector.getCollectionTime();
				}
			}
			return new Machine(System.nanoTime(), busy, processCpuNanos(), pauses, millis);
		}

		double othersCoresSince(Machine before) {
			if (this.machineBusyNanos < 0 || before.machineBusyNanos < 0) {
				return -1;
			}
			long others = (this.machineBusyNanos - before.machineBusyNanos) - (this.processNanos - before.processNanos);
			return Math.max(0, others) / (double) (this.nanos - before.nanos);
		}

	}

	/**
	 * One fixed-rate step.
	 *
	 * @param rate the requests per second asked for
	 * @param count requests sent
	 * @param errors requests answered otherwise than expected, or not at all, by status
	 * or exception
	 * @param sendingTook from the first intended send to the last actual one: the
	 * schedule held if this is close to {@code count / rate}
	 * @param sortedLatencies each request's completion minus its intended send time, in
	 * nanoseconds, ascending
	 * @param sortedLateness each request's actual minus intended send time, ascending
	 * @param maxInFlight the most requests outstanding at once
	 * @param othersCores how many cores other processes kept busy on average meanwhile
	 * (negative when unknown): what the machine's other work took from this step
	 * @param gcPauses the garbage collections that stopped this process during the step
	 * @param gcMillis how long they took together
	 */
	record Result(int rate, int count, Map<String, Long> errors, Duration sendingTook, long[] sortedLatencies,
			long[] sortedLateness, int maxInFlight, double othersCores, int gcPauses, long gcMillis) {

		long errorCount() {
			return this.errors.values().stream().mapToLong(Long::longValue).sum();
		}

		double millis(double percentile) {
			return percentile(this.sortedLatencies, percentile) / 1e6;
		}

		double p50() {
			return millis(0.50);
		}

		double p99() {
			return millis(0.99);
		}

		double maxMillis() {
			return this.sortedLatencies[this.sortedLatencies.length - 1] / 1e6;
		}

		/** How late the generator sent, at a percentile, in milliseconds. */
		double latenessMillis(double percentile) {
			return percentile(this.sortedLateness, percentile) / 1e6;
		}

		@Override
		public String toString() {
			return "%d/s: p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f ms, errors %s; sent late p50 %.3f p99 %.3f max %.2f ms; sending took %d ms for %d ms, %d in flight at most; other processes %.2f cores; %d GC pauses, %d ms"
				.formatted(this.rate, p50(), millis(0.90), p99(), millis(0.999), maxMillis(), this.errors,
						latenessMillis(0.5), latenessMillis(0.99), latenessMillis(1.0), this.sendingTook.toMillis(),
						this.count * 1000L / this.rate, this.maxInFlight, this.othersCores, this.gcPauses,
						this.gcMillis);
		}

		/**
		 * A percentile of several steps' requests taken together, in milliseconds.
		 */
		static double pooledMillis(List<Result> steps, double percentile) {
			long[] all = steps.stream().flatMapToLong((step) -> Arrays.stream(step.sortedLatencies)).sorted().toArray();
			return percentile(all, percentile) / 1e6;
		}

		private static long percentile(long[] sorted, double percentile) {
			return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(percentile * sorted.length) - 1))];
		}

	}

}
