package dev.beacon.local.client;

import java.time.Instant;
import java.util.stream.Stream;

import dev.beacon.credential.AccessKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Portable connection tokens: a replica's ledger takes each once by its exact text, so a
 * token is good only as it was issued, never in another spelling of the same expiry.
 */
class PortableTokensTests {

	private static final AccessKey KEY = new AccessKey("PORTABLEPORTABLEPORTABLEPORTABLE12345678");

	private static final long NOW = Instant.parse("2026-12-06T12:00:00Z").getEpochSecond();

	private static final long EXPIRY = NOW + PendingConnections.PENDING_TIMEOUT.toSeconds();

	private final PortableTokens tokens = new PortableTokens(KEY);

	@Test
	void aTokenAsIssuedNamesItsConnectionUntilItExpires() {
		String token = this.tokens.issue("c1", "chat", EXPIRY);

		assertThat(this.tokens.verify(token, "chat", NOW)).isEqualTo("c1");
		assertThat(this.tokens.verify(token, "chat", EXPIRY)).isEqualTo("c1");
		assertThat(this.tokens.verify(token, "chat", EXPIRY + 1)).isNull();
		assertThat(this.tokens.verify(token, "other", NOW)).isNull();
	}

	@ParameterizedTest
	@MethodSource("otherSpellingsOfTheExpiry")
	void anExpirySpelledOtherwiseThanIssuedIsRefusedLikeAForgedOne(String expiry) {
		String[] parts = this.tokens.issue("c1", "chat", EXPIRY).split("\\.");

		assertThat(this.tokens.verify(parts[0] + "." + expiry + "." + parts[2], "chat", NOW)).isNull();
	}

	static Stream<String> otherSpellingsOfTheExpiry() {
		String digits = Long.toString(EXPIRY);
		return Stream.of("+" + digits, "0" + digits, "00" + digits, "+0" + digits, inDigitsFrom('\uff10', digits),
				inDigitsFrom('\u0660', digits));
	}

	/** The same number in another script's digits, which {@link Long#parseLong} reads. */
	private static String inDigitsFrom(char zero, String digits) {
		StringBuilder other = new StringBuilder();
		digits.chars().forEach((digit) -> other.append((char) (zero + digit - '0')));
		return other.toString();
	}

}
