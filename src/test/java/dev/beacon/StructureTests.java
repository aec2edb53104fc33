package dev.beacon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The floors of docs/architecture.md, held against the imports of the main code:
 * {@code system} and {@code protocol} are the ground floor and import no feature,
 * {@code access} (who may call) stands on {@code system} alone, and the embedded local
 * service is used by nothing but itself.
 */
class StructureTests {

	static final Path MAIN = Path.of("src/main/java/dev/beacon");

	static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.beacon\\.([a-z]+)\\.", Pattern.MULTILINE);

	@Test
	void systemImportsNoFeature() throws IOException {
		assertThat(importsOf("system")).isSubsetOf("system");
	}

	@Test
	void accessImportsNothingButTheGroundFloor() throws IOException {
		assertThat(importsOf("access")).isSubsetOf("access", "system");
	}

	@Test
	void protocolImportsNothingOfBeacon() throws IOException {
		assertThat(importsOf("protocol")).isSubsetOf("protocol");
	}

	@Test
	void onlyTheLocalServiceUsesTheLocalService() throws IOException {
		List<String> users = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MAIN)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String packageName = MAIN.relativize(file).getName(0).toString();
				if (!packageName.equals("local") && Files.readString(file).contains("import dev.beacon.local.")) {
					users.add(file.toString());
				}
			}
		}
		assertThat(users).isEmpty();
	}

	private static Set<String> importsOf(String packageName) throws IOException {
		Set<String> imported = new java.util.TreeSet<>();
		try (Stream<Path> files = Files.walk(MAIN.resolve(packageName))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Matcher matcher = IMPORT.matcher(Files.readString(file));
				while (matcher.find()) {
					imported.add(matcher.group(1));
				}
			}
		}
		return imported;
	}

}
