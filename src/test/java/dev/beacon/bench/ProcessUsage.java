package dev.beacon.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.beacon.support.BeaconProcess;
import dev.beacon.support.RedisServer;

/**
 * What a process used, read from outside it, so that a measurement costs the measured
 * process nothing: CPU time (all threads, or by thread) and RSS from {@code /proc}, heap
 * after full collections from {@code jcmd}, {@code redis-server}'s CPU and memory from
 * {@code INFO}.
 */
final class ProcessUsage {

	/** Linux counts {@code /proc/<pid>/stat} in ticks of 10 ms (USER_HZ = 100). */
	private static final long TICK_NANOS = 10_000_000;

	/** Each generation's (Serial: DefNew, Tenured) or the whole heap's (G1) line. */
	private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

	private ProcessUsage() {
	}

	/** CPU time the process used so far, user and system, all its threads. */
	static long cpuNanos(BeaconProcess process) {
		return cpuNanos(process.pid());
	}

	/** CPU time the process of this ID used so far, user and system, all its threads. */
	static long cpuNanos(long pid) {
		try {
			return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static long cpuNanos(List<BeaconProcess> processes) {
		return processes.stream().mapToLong(ProcessUsage::cpuNanos).sum();
	}

	/** User and system time of a {@code stat} line of {@code /proc}, in nanoseconds. */
	private static long ticks(String stat) {
		// Fields after the command's closing parenthesis: state is the 3rd field of the
		// line, utime and stime the 14th and 15th
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
	}

	/**
	 * CPU time so far by thread, from {@code /proc/<pid>/task}: threads of one kind
	 * (their names without numbers: the carriers of virtual threads, the JIT's compiler
	 * threads, Tomcat's) summed, for the processes together.
	 */
	static Map<String, Long> cpuNanosByThread(List<BeaconProcess> processes) {
		Map<String, Long> byThread = new TreeMap<>();
		for (BeaconProcess process : processes) {
			try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + process.pid() + "/task"))) {
				for (Path task : tasks) {
					try {
						String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
						byThread.merge(name, ticks(Files.readString(task.resolve("stat"))), Long::sum);
					}
					catch (IOException ex) {
						// the thread ended meanwhile
					}
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return byThread;
	}

	/** CPU time so far of the JIT compilers' threads ({@code C1/C2 CompilerThread}). */
	static long compilerNanos(List<BeaconProcess> processes) {
		return cpuNanosByThread(processes).entrySet()
			.stream()
			.filter((thread) -> thread.getKey().contains("CompilerThre"))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	/**
	 * The threads that used most CPU between two readings, with their share.
	 * @param before a reading of {@link #cpuNanosByThread}
	 * @param after a later one
	 * @return e.g. {@code C# CompilerThre 21%, ForkJoinPool-#-worke 40%}
	 */
	static String topThreads(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> used = new TreeMap<>();
		// Threads that ended meanwhile took their time with them: a kind can come out
		// below zero, and counts as none
		after.forEach((name, nanos) -> used.put(name, Math.max(0, nanos - before.getOrDefault(name, 0L))));
		long total = used.values().stream().mapToLong(Long::longValue).sum();
		return used.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(8)
			.map((entry) -> "%s %.0f%%".formatted(entry.getKey(), 100.0 * entry.getValue() / Math.max(1, total)))
			.collect(Collectors.joining(", "));
	}

	/** {@code redis-server}'s CPU time so far, user and system, as it reports it. */
	static long cpuNanos(RedisServer redis) {
		return (long) ((info(redis, "cpu", "used_cpu_user") + info(redis, "cpu", "used_cpu_sys")) * 1e9);
	}

	/** Memory {@code redis-server} holds for data, in bytes. */
	static long usedMemory(RedisServer redis) {
		return (long) info(redis, "memory", "used_memory");
	}

	private static double info(RedisServer redis, String section, String field) {
		Matcher value = Pattern.compile(field + ":([0-9.]+)").matcher(redis.command("INFO", section));
		if (!value.find()) {
			throw new IllegalStateException("INFO " + section + " has no " + field);
		}
		return Double.parseDouble(value.group(1));
	}

	/** The process's resident set, in bytes. */
	static long rss(BeaconProcess process) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
				}
			}
			throw new IllegalStateException("No VmRSS for " + process.pid());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Used heap after two full collections ({@code jcmd GC.run}), every generation's, in
	 * bytes.
	 */
	static long heapAfterGc(BeaconProcess process) throws Exception {
		jcmd(process, "GC.run");
		jcmd(process, "GC.run");
		String info = jcmd(process, "GC.heap_info");
		Matcher used = HEAP_USED.matcher(info);
		long kib = 0;
		while (used.find()) {
			kib += Long.parseLong(used.group(1));
		}
		if (kib == 0) {
			throw new IllegalStateException("No used heap in GC.heap_info: " + info);
		}
		return kib * 1024;
	}

	/** The output of a {@code jcmd} command to the process, with the test JVM's jcmd. */
	static String jcmd(BeaconProcess process, String... command) throws Exception {
		List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(process.pid())));
		line.addAll(List.of(command));
		Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes());
		if (jcmd.waitFor() != 0) {
			throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + output);
		}
		return output;
	}

}
