package dev.beacon.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * How much heap an object keeps reachable: used heap after full collections with it
 * alive, minus the same before it was built. Exact enough for megabytes in a quiet JVM
 * (no other threads allocating), which is why benchmarks measure it before starting any
 * application.
 */
final class RetainedHeap {

	private static final int TIMES = 3;

	private RetainedHeap() {
	}

	/**
	 * Builds the object three times and measures each.
	 * @param build makes the object
	 * @return the median of the three, in bytes
	 */
	static long median(Supplier<Object> build) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long[] retained = new long[TIMES];
		for (int i = 0; i < TIMES; i++) {
			long before = usedAfterGc(memory);
			Object built = build.get();
			retained[i] = usedAfterGc(memory) - before;
			Reference.reachabilityFence(built);
		}
		Arrays.sort(retained);
		return retained[TIMES / 2];
	}

	private static long usedAfterGc(MemoryMXBean memory) {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
