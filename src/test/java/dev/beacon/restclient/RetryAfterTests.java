package dev.beacon.restclient;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", value = { "1|PT1S", "0|PT0S", " 30 |PT30S", "-1|null", "soon|null",
			"|null", "Mon, 23 Nov 2026 10:00:05 GMT|PT5S", "Mon, 23 Nov 2026 09:59:00 GMT|PT0S" })
	void parsesSecondsAndHttpDates(String header, Duration expected) {
		assertThat(RetryAfter.parse(header, NOW)).isEqualTo(expected);
	}

}
