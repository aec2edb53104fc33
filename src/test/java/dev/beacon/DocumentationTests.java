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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md and docs/ stay true to the code: links and anchors resolve, the commands they
 * give name test classes, profiles and scripts that exist, and docs/configuration.md
 * lists exactly the {@code beacon.*} properties of the configuration metadata the build
 * generates from the {@code *Properties} records. Each failure lists every offender with
 * its file and line.
 */
class DocumentationTests {

	static final Path CONFIGURATION = Path.of("docs/configuration.md");

	static final int README_MAX_LINES = 250;

	private static final Pattern MAVEN_COMMAND = Pattern.compile("\\./mvnw\\s(?:[^&|;#]|(?<=\\S)#)*");

	private static final Pattern TESTS = Pattern.compile("(?:^|\\s)-Dtest=(\\S+)");

	private static final Pattern PROFILES = Pattern.compile("(?:^|\\s)-P\\s?(\\S+)");

	// Scripts, sources, resources, CI and docs; generated files (target/) are not checked
	private static final Pattern REPOSITORY_PATH = Pattern
		.compile("(?<![\\w./-])((?:\\.ci|\\.mvn|src|docs)/[\\w./*-]*[\\w/*-])");

	private static final Pattern PROPERTY_NAME = Pattern.compile("`([a-z.][\\w.\\-\\[\\]<>]*)`");

	static List<MarkdownPage> pages;

	@BeforeAll
	static void readPages() throws IOException {
		pages = MarkdownPage.all();
	}

	@Test
	void everyRelativeLinkResolvesToAFile() {
		List<String> broken = new ArrayList<>();
		for (MarkdownPage page : pages) {
			for (Map.Entry<Integer, String> link : page.links()) {
				String file = link.getValue().split("#", 2)[0];
				if (!isExternal(link.getValue()) && !file.isEmpty() && !Files.exists(resolve(page, file))) {
					broken.add(page.at(link.getKey()) + ": " + link.getValue());
				}
			}
		}
		assertThat(broken).withFailMessage("Links to files that do not exist:%n%s", lines(broken)).isEmpty();
	}

	@Test
	void everyAnchorMatchesAHeadingOfItsTarget() throws IOException {
		List<String> broken = new ArrayList<>();
		for (MarkdownPage page : pages) {
			for (Map.Entry<Integer, String> link : page.links()) {
				String[] parts = link.getValue().split("#", 2);
				if (isExternal(link.getValue()) || parts.length < 2 || !parts[0].matches("|.*\\.md")) {
					continue;
				}
				Path file = parts[0].isEmpty() ? page.path() : resolve(page, parts[0]);
				if (Files.exists(file) && !MarkdownPage.read(file).anchors().contains(parts[1])) {
					broken.add(page.at(link.getKey()) + ": " + link.getValue() + " (" + file + " has "
							+ MarkdownPage.read(file).anchors() + ")");
				}
			}
		}
		assertThat(broken).withFailMessage("Anchors that match no heading:%n%s", lines(broken)).isEmpty();
	}

	@Test
	void everyMavenCommandNamesTestClassesThatExist() throws IOException {
		List<String> unknown = new ArrayList<>();
		for (Map.Entry<String, String> command : mavenCommands()) {
			Matcher tests = TESTS.matcher(command.getValue());
			while (tests.find()) {
				for (String test : tests.group(1).split(",")) {
					String problem = ProjectFiles.problemWithTest(test);
					if (problem != null) {
						unknown.add(command.getKey() + ": " + problem + " in `" + command.getValue().strip() + "`");
					}
				}
			}
		}
		assertThat(unknown).withFailMessage("Commands naming tests that do not exist:%n%s", lines(unknown)).isEmpty();
	}

	@Test
	void everyMavenCommandNamesProfilesOfThePom() throws Exception {
		Set<String> profiles = ProjectFiles.profiles();
		List<String> unknown = new ArrayList<>();
		for (Map.Entry<String, String> command : mavenCommands()) {
			Matcher matcher = PROFILES.matcher(command.getValue());
			while (matcher.find()) {
				for (String profile : matcher.group(1).split(",")) {
					if (!profiles.contains(profile.replaceFirst("^[!-]", ""))) {
						unknown.add(command.getKey() + ": profile " + profile + " in `" + command.getValue().strip()
								+ "` (pom.xml has " + profiles + ")");
					}
				}
			}
		}
		assertThat(unknown).withFailMessage("Commands naming profiles pom.xml lacks:%n%s", lines(unknown)).isEmpty();
	}

	@Test
	void everyScriptAndSourcePathMentionedExists() throws IOException {
		List<String> missing = new ArrayList<>();
		for (MarkdownPage page : pages) {
			for (int i = 0; i < page.lines().size(); i++) {
				Matcher matcher = REPOSITORY_PATH.matcher(page.lines().get(i));
				while (matcher.find()) {
					if (!ProjectFiles.exists(matcher.group(1))) {
						missing.add(page.at(i) + ": " + matcher.group(1));
					}
				}
			}
		}
		assertThat(missing).withFailMessage("Paths that do not exist:%n%s", lines(missing)).isEmpty();
	}

	@Test
	void everyBeaconPropertyOfTheMetadataIsInTheConfigurationTable() throws IOException {
		Set<String> documented = new TreeSet<>();
		for (Map.Entry<Integer, String> cell : MarkdownPage.read(CONFIGURATION).propertyCells()) {
			documented.addAll(propertyNames(cell.getValue()));
		}
		Set<String> missing = new TreeSet<>(metadata());
		missing.removeAll(documented);
		assertThat(missing)
			.withFailMessage("Properties Beacon reads that %s's table leaves out (add a row each):%n%s", CONFIGURATION,
					lines(missing))
			.isEmpty();
	}

	@Test
	void everyBeaconPropertyInAConfigurationTableExistsInTheMetadata() throws IOException {
		Set<String> known = metadata();
		List<String> unknown = new ArrayList<>();
		for (MarkdownPage page : pages) {
			for (Map.Entry<Integer, String> cell : page.propertyCells()) {
				for (String name : propertyNames(cell.getValue())) {
					if (name.startsWith("beacon.") && !known.contains(name)) {
						unknown.add(page.at(cell.getKey()) + ": " + name);
					}
				}
			}
		}
		assertThat(unknown)
			.withFailMessage(
					"Documented properties the configuration metadata lacks (a setting Beacon reads "
							+ "without binding it belongs in additional-spring-configuration-metadata.json):%n%s",
					lines(unknown))
			.isEmpty();
	}

	@Test
	void readmeIsAFrontDoorOfAtMost250Lines() throws IOException {
		int lines = MarkdownPage.read(Path.of("README.md")).lines().size();
		assertThat(lines)
			.withFailMessage("README.md has %d lines; keep it to at most %d and move the detail into docs/", lines,
					README_MAX_LINES)
			.isLessThanOrEqualTo(README_MAX_LINES);
	}

	@Test
	void readmeGivesTheRunCommandAndTheTestCommandCiRuns() throws IOException {
		List<String> commands = new ArrayList<>();
		boolean inTable = false;
		for (String line : MarkdownPage.read(Path.of("README.md")).lines()) {
			inTable = line.startsWith("|") && (inTable || line.matches("^\\|\\s*what\\s*\\|\\s*command\\s*\\|$"));
			if (inTable && line.matches("^\\|[^|]*\\|\\s*`[^`]+`\\s*\\|$")) {
				commands.add(line.replaceAll("^\\|[^|]*\\|\\s*`([^`]+)`\\s*\\|$", "$1"));
			}
		}
		assertThat(commands).as("README's commands table").containsExactly("./mvnw spring-boot:run", "./mvnw verify");
		assertThat(Files.readString(Path.of(".ci/run"))).as(".ci/run").containsPattern("(?m)^\\./mvnw verify( |$)");
	}

	/** Each {@code ./mvnw} command in code on any page, with where it is. */
	private static List<Map.Entry<String, String>> mavenCommands() {
		List<Map.Entry<String, String>> commands = new ArrayList<>();
		for (MarkdownPage page : pages) {
			for (Map.Entry<Integer, String> code : page.code()) {
				Matcher matcher = MAVEN_COMMAND.matcher(code.getValue());
				while (matcher.find()) {
					commands.add(Map.entry(page.at(code.getKey()), matcher.group()));
				}
			}
		}
		return commands;
	}

	/**
	 * The property names a table cell gives, as the metadata names them. A name starting
	 * with {@code .} is a sibling of the name before it ({@code `beacon.a.b` / `.c`}); a
	 * list index or map key ({@code [i]}, {@code [0]}, {@code .<name>}) and what follows
	 * it belong to the list or map property itself.
	 */
	static Set<String> propertyNames(String cell) {
		Set<String> names = new TreeSet<>();
		String previous = null;
		Matcher matcher = PROPERTY_NAME.matcher(cell);
		while (matcher.find()) {
			String name = matcher.group(1);
			if (name.startsWith(".") && previous != null) {
				name = previous.substring(0, previous.lastIndexOf('.')) + name;
			}
			previous = name;
			names.add(name.replaceFirst("(\\[[^\\]]*\\]|\\.<[^>]*>).*$", ""));
		}
		return names;
	}

	private static Set<String> metadata() throws IOException {
		Set<String> names = ProjectFiles.beaconProperties();
		assertThat(names).as("beacon.* properties in the configuration metadata").isNotEmpty();
		return names;
	}

	private static boolean isExternal(String target) {
		return target.matches("^[a-z][a-z0-9+.-]*:.*");
	}

	private static Path resolve(MarkdownPage page, String file) {
		Path directory = (page.path().getParent() != null) ? page.path().getParent() : Path.of("");
		return directory.resolve(file).normalize();
	}

	private static String lines(Iterable<String> offenders) {
		return "  " + String.join("\n  ", offenders);
	}

}
