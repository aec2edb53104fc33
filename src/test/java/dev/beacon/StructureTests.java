package dev.beacon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The floors of the architecture (docs/architecture.md), held against every reference the
 * main code makes to Beacon's packages, imports and fully qualified names alike: a
 * package uses only packages on floors below its own, never one beside or above it. The
 * ground floor ({@code protocol}, {@code system}) uses nothing of Beacon; nothing uses
 * the embedded local service, which is on the top floor. Inside the local service the
 * same rule holds among its parts; its root package (properties and wiring) is left out
 * of that rule, as every part reads its settings there and it registers every part.
 */
class StructureTests {

	static final Path MAIN = Path.of("src/main/java/dev/beacon");

	/** Each package's floor: a package may use only packages with a lower number. */
	static final Map<String, Integer> FLOORS = Map.ofEntries(Map.entry("protocol", 1), Map.entry("system", 1),
			Map.entry("access", 2), Map.entry("credential", 2), Map.entry("token", 3), Map.entry("endpoint", 3),
			Map.entry("store", 3), Map.entry("restclient", 4), Map.entry("negotiate", 4), Map.entry("upstream", 5),
			Map.entry("messages", 6), Map.entry("status", 6), Map.entry("presence", 6), Map.entry("inbox", 6),
			Map.entry("page", 7), Map.entry("local", 7));

	/** The floors of the local service's parts, under the same rule. */
	static final Map<String, Integer> LOCAL_FLOORS = Map.of("hub", 1, "access", 1, "client", 2, "rest", 2,
			"upstreamclient", 2, "cluster", 3);

	static final Pattern REFERENCE = Pattern.compile("\\bdev\\.beacon\\.([a-z]+)(?:\\.([a-z]+))?\\.[A-Z*]");

	/**
	 * Comments, text blocks and strings; written without alternation under a quantifier,
	 * which recurses.
	 */
	static final Pattern COMMENT_OR_STRING = Pattern
		.compile("(?s)/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"[^\"\\\\\\n]*(?:\\\\.[^\"\\\\\\n]*)*\"");

	@Test
	void everyPackageHasAFloor() throws IOException {
		try (Stream<Path> children = Files.list(MAIN)) {
			List<String> packages = children.filter(Files::isDirectory)
				.map((path) -> path.getFileName().toString())
				.toList();
			assertThat(FLOORS.keySet()).as("packages with a floor").containsExactlyInAnyOrderElementsOf(packages);
		}
		try (Stream<Path> children = Files.list(MAIN.resolve("local"))) {
			List<String> parts = children.filter(Files::isDirectory)
				.map((path) -> path.getFileName().toString())
				.toList();
			assertThat(LOCAL_FLOORS.keySet()).as("parts of the local service with a floor")
				.containsExactlyInAnyOrderElementsOf(parts);
		}
	}

	@Test
	void everyPackageUsesOnlyFloorsBelowItsOwn() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path file : javaFiles(MAIN)) {
			String user = MAIN.relativize(file).getName(0).toString();
			if (user.endsWith(".java")) {
				continue;
			}
			for (String[] used : references(file)) {
				if (!used[0].equals(user) && FLOORS.getOrDefault(used[0], Integer.MAX_VALUE) >= FLOORS.get(user)) {
					violations.add(MAIN.relativize(file) + " (floor " + FLOORS.get(user) + ") uses " + used[0]
							+ " (floor " + FLOORS.get(used[0]) + ")");
				}
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void everyPartOfTheLocalServiceUsesOnlyPartsBelowItsOwn() throws IOException {
		Path local = MAIN.resolve("local");
		List<String> violations = new ArrayList<>();
		for (Path file : javaFiles(local)) {
			Path relative = local.relativize(file);
			if (relative.getNameCount() < 2) {
				continue;
			}
			String user = relative.getName(0).toString();
			for (String[] used : references(file)) {
				if (used[0].equals("local") && used[1] != null && !used[1].equals(user)
						&& LOCAL_FLOORS.getOrDefault(used[1], Integer.MAX_VALUE) >= LOCAL_FLOORS.get(user)) {
					violations.add("local/" + relative + " uses local." + used[1]);
				}
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void everyPackageSaysWhatItHoldsAndIsNullMarked() throws IOException {
		List<String> missing = new ArrayList<>();
		try (Stream<Path> directories = Files.walk(MAIN)) {
			for (Path directory : directories.filter(Files::isDirectory)
				.filter((path) -> !path.equals(MAIN))
				.toList()) {
				Path info = directory.resolve("package-info.java");
				if (!Files.exists(info)) {
					missing.add(MAIN.relativize(directory) + ": no package-info.java");
					continue;
				}
				String text = Files.readString(info);
				if (!text.contains("@NullMarked") || !text.startsWith("/**")) {
					missing
						.add(MAIN.relativize(directory) + ": package-info.java without a doc comment or @NullMarked");
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	/** Each reference as {@code [package, subpackage or null]}. */
	private static Set<String[]> references(Path file) throws IOException {
		String code = COMMENT_OR_STRING.matcher(Files.readString(file)).replaceAll(" ");
		Set<String> seen = new TreeSet<>();
		Matcher matcher = REFERENCE.matcher(code);
		while (matcher.find()) {
			seen.add(matcher.group(1) + "/" + ((matcher.group(2) != null) ? matcher.group(2) : ""));
		}
		Set<String[]> references = new java.util.LinkedHashSet<>();
		for (String reference : seen) {
			String[] parts = reference.split("/", -1);
			references.add(new String[] { parts[0], parts[1].isEmpty() ? null : parts[1] });
		}
		return references;
	}

	private static List<Path> javaFiles(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((path) -> path.toString().endsWith(".java")).toList();
		}
	}

}
