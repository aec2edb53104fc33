package dev.beacon;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the documentation may name, read from the project itself: test classes and their
 * methods, Maven profiles, paths in the repository, and the {@code beacon.*} properties
 * of Spring Boot's configuration metadata.
 */
final class ProjectFiles {

	private ProjectFiles() {
	}

	/**
	 * What is wrong with a {@code -Dtest} item: {@code X}, {@code X#method},
	 * {@code X#a+b} or a pattern ({@code *Tests}); {@code <class>} is a placeholder.
	 * @param test the item
	 * @return the problem, or null when the tests exist
	 */
	static @Nullable String problemWithTest(String test) throws IOException {
		Map<String, Path> testClasses = testClasses();
		String[] parts = test.split("#", 2);
		String name = parts[0].substring(parts[0].lastIndexOf('.') + 1);
		if (name.matches("<.+>")) {
			return null;
		}
		if (name.contains("*")) {
			String regex = name.replace("*", ".*");
			return testClasses.keySet().stream().anyMatch((known) -> known.matches(regex)) ? null
					: "no test class matches " + name;
		}
		Path file = testClasses.get(name);
		if (file == null) {
			return "no test class " + name + " under src/test/java";
		}
		if (parts.length == 2) {
			String source = Files.readString(file);
			for (String method : parts[1].split("\\+")) {
				if (!method.contains("*") && !source.contains(" " + method + "(")) {
					return name + " has no method " + method;
				}
			}
		}
		return null;
	}

	private static Map<String, Path> testClasses() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
			Map<String, Path> classes = new HashMap<>();
			files.filter((path) -> path.toString().endsWith(".java"))
				.forEach((path) -> classes.put(path.getFileName().toString().replace(".java", ""), path));
			return classes;
		}
	}

	/** The ids of pom.xml's profiles. */
	static Set<String> profiles() throws Exception {
		NodeList profiles = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("pom.xml").toFile())
			.getElementsByTagName("profile");
		Set<String> ids = new TreeSet<>();
		for (int i = 0; i < profiles.getLength(); i++) {
			ids.add(((Element) profiles.item(i)).getElementsByTagName("id").item(0).getTextContent().strip());
		}
		return ids;
	}

	/**
	 * Whether a path of the repository exists; a glob ({@code src/test/bench/*.sh}) must
	 * match at least one file.
	 */
	static boolean exists(String path) throws IOException {
		if (!path.contains("*")) {
			return Files.exists(Path.of(path));
		}
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
		Path directory = Path.of(path.substring(0, path.indexOf('*'))).getParent();
		if (directory == null || !Files.isDirectory(directory)) {
			return false;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.anyMatch(matcher::matches);
		}
	}

	/**
	 * The {@code beacon.*} properties of Spring Boot's configuration metadata: the one
	 * the configuration processor generates into the main classes, and the additional one
	 * for settings read before binding.
	 */
	static Set<String> beaconProperties() throws IOException {
		Set<String> names = new TreeSet<>();
		ClassLoader loader = ProjectFiles.class.getClassLoader();
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			for (URL url : Collections.list(loader.getResources(resource))) {
				try (InputStream in = url.openStream()) {
					for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
						String name = property.path("name").asString();
						if (name.startsWith("beacon.")) {
							names.add(name);
						}
					}
				}
			}
		}
		return names;
	}

}
