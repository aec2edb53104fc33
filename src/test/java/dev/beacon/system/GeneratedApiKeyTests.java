package dev.beacon.system;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GeneratedApiKeyTests {

	static final Pattern GENERATED = Pattern.compile("Using generated API key: (\\S+)");

	@Test
	void withoutConfiguredKeysOneIsGeneratedLoggedOnceAndAccepted(CapturedOutput output) {
		ApiKeys keys = new ApiKeys(new ApiKeyProperties(List.of()));

		Matcher matcher = GENERATED.matcher(output.getOut() + output.getErr());
		assertThat(matcher.find()).isTrue();
		String generated = matcher.group(1);
		assertThat(matcher.find()).as("logged once").isFalse();
		assertThat(generated).hasSizeGreaterThanOrEqualTo(43);
		assertThat(keys.matches(generated)).isTrue();
		assertThat(keys.matches(generated + "x")).isFalse();
		assertThat(keys.matches("")).isFalse();
	}

	@Test
	void configuredKeysAreAllAcceptedAndNothingIsLogged(CapturedOutput output) {
		ApiKeys keys = new ApiKeys(new ApiKeyProperties(List.of(" old-key ", "new-key", "")));

		assertThat(keys.matches("old-key")).isTrue();
		assertThat(keys.matches("new-key")).isTrue();
		assertThat(keys.matches("other")).isFalse();
		assertThat(output).doesNotContain("generated API key").doesNotContain("old-key");
	}

}
