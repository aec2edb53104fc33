package dev.beacon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Collects benchmark results as Markdown table rows in {@code target/bench/results.md},
 * the rows docs/performance.md's tables are made from.
 */
final class BenchmarkResults {

	static final Path FILE = Path.of("target/bench/results.md");

	private static final Log logger = LogFactory.getLog(BenchmarkResults.class);

	private BenchmarkResults() {
	}

	/**
	 * Records one comparison.
	 * @param benchmark what was measured
	 * @param beacon Beacon's figure
	 * @param baseline the baseline's figure, measured in the same run
	 * @param ratio Beacon relative to the baseline
	 * @param target the target and whether it was met
	 */
	static synchronized void record(String benchmark, String beacon, String baseline, String ratio, String target) {
		String row = "| " + benchmark + " | " + beacon + " | " + baseline + " | " + ratio + " | " + target + " |";
		logger.info("BENCHMARK " + row);
		try {
			Files.createDirectories(FILE.getParent());
			if (Files.notExists(FILE)) {
				Files.writeString(FILE, "| benchmark | Beacon | baseline | ratio | target |\n|---|---|---|---|---|\n");
			}
			Files.writeString(FILE, row + "\n", StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write " + FILE, ex);
		}
	}

	static String met(boolean met) {
		return met ? "met" : "**missed**";
	}

	/**
	 * The load averages over one, five and fifteen minutes and the processors, as a row
	 * names what else the shared machine ran.
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return String.join(" ", fields[0], fields[1], fields[2]) + " (" + Runtime.getRuntime().availableProcessors()
					+ " CPUs)";
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
