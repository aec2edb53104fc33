package dev.beacon.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GeneratedApiKeyTests {

	static final String OLD_KEY = "old-key-0123456789abcdefghijklmnopqrstuv";

	static final String NEW_KEY = "new-key-0123456789abcdefghijklmnopqrstuv";

	@TempDir
	Path directory;

	@Test
	void withoutConfiguredKeysOneIsGeneratedIntoAPrivateFileAndAccepted(CapturedOutput output) throws IOException {
		Path file = this.directory.resolve(ApiKeys.GENERATED_KEY_FILE);
		ApiKeys keys = new ApiKeys(access(List.of()), file);

		String generated = Files.readString(file).strip();
		assertThat(generated).hasSizeGreaterThanOrEqualTo(43);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(keys.matches(generated)).isTrue();
		assertThat(keys.matches(generated + "x")).isFalse();
		assertThat(keys.matches("")).isFalse();
		assertThat(output).contains("No API key configured").contains(file.toString()).doesNotContain(generated);
	}

	@Test
	void eachStartGeneratesANewKeyAndReplacesTheFile() throws IOException {
		Path file = this.directory.resolve(ApiKeys.GENERATED_KEY_FILE);
		new ApiKeys(access(List.of()), file);
		String first = Files.readString(file).strip();
		ApiKeys second = new ApiKeys(access(List.of()), file);

		assertThat(Files.readString(file).strip()).isNotEqualTo(first);
		assertThat(second.matches(first)).isFalse();
	}

	@Test
	void keyThatCannotBeSavedIsNeitherLoggedNorUsable(CapturedOutput output) {
		Path file = this.directory.resolve("missing-directory").resolve(ApiKeys.GENERATED_KEY_FILE);
		ApiKeys keys = new ApiKeys(access(List.of()), file);

		assertThat(output).contains("could not be saved").contains("publishing is refused");
		assertThat(output.getAll()).doesNotContainPattern("[A-Za-z0-9_-]{43}");
		assertThat(file).doesNotExist();
		assertThat(keys.matches("")).isFalse();
	}

	@Test
	void configuredKeysAreAllAcceptedAndNothingIsLoggedOrWritten(CapturedOutput output) {
		Path file = this.directory.resolve(ApiKeys.GENERATED_KEY_FILE);
		ApiKeys keys = new ApiKeys(access(List.of(" " + OLD_KEY + " ", NEW_KEY, "")), file);

		assertThat(keys.matches(OLD_KEY)).isTrue();
		assertThat(keys.matches(NEW_KEY)).isTrue();
		assertThat(keys.matches("other")).isFalse();
		assertThat(file).doesNotExist();
		assertThat(output).doesNotContain("No API key configured").doesNotContain(OLD_KEY);
	}

	static ApiAccessProperties access(List<String> keys) {
		return new ApiAccessProperties(keys, List.of(), new ApiAccessProperties.Auth(null, null, List.of(), null));
	}

}
