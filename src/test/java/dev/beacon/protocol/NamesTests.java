package dev.beacon.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NamesTests {

	@ParameterizedTest
	@ValueSource(
			strings = { "a", "Notifications", "chat_1", "x`,.[]", "A23456789012345678901234567890123456789012345678"
					+ "90123456789012345678901234567890123456789012345678901234567890123456789012345678" })
	void hubAcceptsServiceNamesAndLowerCasesThem(String hub) {
		assertThat(Names.hub(hub)).isEqualTo(hub.toLowerCase(java.util.Locale.ROOT));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1chat", "_chat", "chat room", "chat/x", "chät", "chat-1" })
	void hubRejectsNamesTheServiceRefuses(String hub) {
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.hub(hub))
			.withMessageContaining("hub");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t\n" })
	void groupRejectsEmptyAndWhitespace(String group) {
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.group(group));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ops", "a b", "a/b#c", "日本語", " padded " })
	void groupAcceptsAnythingElseUpToTheLimit(String group) {
		assertThat(Names.group(group)).isEqualTo(group);
	}

	@org.junit.jupiter.api.Test
	void groupAndUserRejectOverlongNames() {
		String tooLong = "g".repeat(Names.MAX_GROUP_LENGTH + 1);
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.group(tooLong));
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.user(tooLong));
		assertThat(Names.user("u".repeat(Names.MAX_USER_LENGTH))).hasSize(Names.MAX_USER_LENGTH);
	}

	@ParameterizedTest
	@ValueSource(strings = { ".", "..", "a/..", "../x", "a/./b", "x\\..\\y", "..\\" })
	void namesThatAServerWouldNormaliseAwayAreRefused(String name) {
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.group(name))
			.withMessageContaining("'..'");
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.user(name));
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.connectionId(name));
	}

	@ParameterizedTest
	@ValueSource(strings = { "...", ".a", "a.", "a..b", "%2E%2E", "a/.../b", "tenant/alice", "a\\b" })
	void dotsThatAreNotAPathStepAreAccepted(String name) {
		assertThat(Names.group(name)).isEqualTo(name);
		assertThat(Names.user(name)).isEqualTo(name);
		assertThat(Names.connectionId(name)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0000", "a\u0000b", "line\nbreak", "tab\there", "\u007f", "\u0085" })
	void controlCharactersAreRefused(String name) {
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.user(name))
			.withMessageContaining("control characters");
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.group(name));
	}

	@org.junit.jupiter.api.Test
	void unpairedSurrogatesAreRefusedAndPairsAccepted() {
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.user("a\uD83D"))
			.withMessageContaining("unpaired surrogate");
		assertThatExceptionOfType(InvalidNameException.class).isThrownBy(() -> Names.user("\uDE80b"));
		assertThat(Names.user("rocket \uD83D\uDE80")).isEqualTo("rocket \uD83D\uDE80");
		assertThat(Names.user("\uD83D\uDE80".repeat(Names.MAX_USER_LENGTH / 2))).hasSize(Names.MAX_USER_LENGTH);
	}

}
