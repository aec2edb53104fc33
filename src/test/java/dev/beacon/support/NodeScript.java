package dev.beacon.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.DynamicTest;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Runs a Node test file from {@code src/test/js} (dependencies installed there by the
 * build's {@code npm ci}) once with Node's own test runner, and turns each of its test
 * cases into a JUnit test of the same name that passes, fails with the case's error or is
 * skipped as the case was. Node's JUnit reporter gives the outcomes; its spec reporter
 * writes the readable output (and the tests' console) beside it in
 * {@code target/node-tests}.
 */
public final class NodeScript {

	public static final Path DIRECTORY = Path.of("src/test/js");

	static final Path REPORTS = Path.of("target/node-tests");

	private NodeScript() {
	}

	/**
	 * Runs {@code file} and returns one dynamic test per case it reported. A run that
	 * times out, writes no report or reports no case fails at once with Node's output; a
	 * failure outside any case (a crash, an {@code after} hook, a non-zero exit) becomes
	 * a failing test of its own.
	 */
	public static List<DynamicTest> runTests(String file, Map<String, String> environment, long timeoutSeconds)
			throws Exception {
		assertThat(DIRECTORY.resolve("node_modules")).as("npm ci has run in src/test/js (./mvnw verify runs it)")
			.isDirectory();
		String base = file.replaceFirst("\\.m?js$", "");
		Path report = Files.createDirectories(REPORTS).resolve(base + ".xml").toAbsolutePath();
		Path log = REPORTS.resolve(base + ".log");
		Files.deleteIfExists(report);
		int exitValue = run(file, environment, timeoutSeconds, report, log);
		if (!Files.isRegularFile(report) || Files.size(report) == 0) {
			fail("node --test " + file + " exited with " + exitValue + " and wrote no report:\n" + read(log));
		}
		Path script = DIRECTORY.resolve(file);
		List<NodeTestCase> cases = NodeTestCase.parse(report,
				List.of(script.toAbsolutePath().toString(), script.toRealPath().toString()));
		if (cases.stream().allMatch(NodeTestCase::outsideCases)) {
			fail("node --test " + file + " exited with " + exitValue + " and ran no test case:\n" + read(log));
		}
		// Each test's source is the script: Surefire reports a dynamic test whose source
		// is the factory method as "method()[n]", one with another source by its name
		List<DynamicTest> tests = new ArrayList<>();
		for (NodeTestCase testCase : cases) {
			if (!testCase.outsideCases() || testCase.failed()) {
				tests.add(testCase.toDynamicTest(file, script.toUri(), log));
			}
		}
		if (exitValue != 0 && cases.stream().noneMatch(NodeTestCase::failed)) {
			String output = read(log);
			tests.add(DynamicTest.dynamicTest(file + " exit status", script.toUri(), () -> fail(
					"node --test " + file + " exited with " + exitValue + " though no case failed:\n" + output)));
		}
		return tests;
	}

	private static int run(String file, Map<String, String> environment, long timeoutSeconds, Path report, Path log)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=junit",
				"--test-reporter-destination=" + report, "--test-reporter=spec", "--test-reporter-destination=stdout",
				file)
			.directory(DIRECTORY.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			// node --test runs the file in a child, which may have started a browser
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			fail("node --test " + file + " did not finish in " + timeoutSeconds + " s:\n" + read(log));
		}
		return process.exitValue();
	}

	private static String read(Path log) throws IOException {
		return Files.readString(log, StandardCharsets.UTF_8);
	}

	/**
	 * One {@code testcase} of Node's JUnit report; {@code failure} is the error Node
	 * printed, with the JavaScript message and stack, or null when the case passed.
	 */
	record NodeTestCase(String name, boolean outsideCases, boolean skipped, String failure) {

		boolean failed() {
			return this.failure != null;
		}

		DynamicTest toDynamicTest(String file, URI source, Path log) {
			if (this.outsideCases) {
				// Node names a crash or a failing top-level hook after the file
				return DynamicTest.dynamicTest(file + " outside its test cases", source, () -> fail(
						"node --test " + file + " failed outside its test cases:\n" + this.failure + "\n" + read(log)));
			}
			return DynamicTest.dynamicTest(this.name, source, () -> {
				if (this.skipped) {
					abort("skipped in " + file);
				}
				if (failed()) {
					fail(this.failure + "\n(output of the whole run: " + log + ")");
				}
			});
		}

		static List<NodeTestCase> parse(Path report, List<String> scriptPaths) throws Exception {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			NodeList elements = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
			List<NodeTestCase> cases = new ArrayList<>();
			for (int i = 0; i < elements.getLength(); i++) {
				Element element = (Element) elements.item(i);
				String name = attribute(element, "name");
				cases.add(new NodeTestCase(suites(element) + name, scriptPaths.contains(name),
						child(element, "skipped") != null, failure(child(element, "failure"))));
			}
			return cases;
		}

		// The message attribute has its line breaks removed; the text keeps them
		private static String failure(Element failure) {
			if (failure == null) {
				return null;
			}
			String text = failure.getTextContent().strip();
			return text.isEmpty() ? attribute(failure, "message") : text;
		}

		// Node 20's JUnit reporter escapes '"' in attributes twice, leaving "&quot;"
		private static String attribute(Element element, String name) {
			return element.getAttribute(name).replace("&quot;", "\"");
		}

		private static Element child(Element element, String name) {
			NodeList children = element.getElementsByTagName(name);
			return (children.getLength() > 0) ? (Element) children.item(0) : null;
		}

		// Cases inside describe() sit in a testsuite named after it
		private static String suites(Element element) {
			StringBuilder path = new StringBuilder();
			for (Node parent = element.getParentNode(); parent instanceof Element suite
					&& !suite.getTagName().equals("testsuites"); parent = parent.getParentNode()) {
				if (suite.getTagName().equals("testsuite")) {
					path.insert(0, attribute(suite, "name") + " > ");
				}
			}
			return path.toString();
		}

	}

}
