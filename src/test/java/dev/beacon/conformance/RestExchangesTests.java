package dev.beacon.conformance;

import java.time.Instant;
import java.util.List;

import dev.beacon.conformance.RestExchanges.Exchange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as honouring a 429: waiting its {@code Retry-After} before trying again,
 * never retrying a client result, and giving up.
 */
class RestExchangesTests {

	private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

	private static final String SEND = "/api/hubs/h/users/u/:send";

	@Test
	void aRetryAfterTheRetryAfterHonoursIt() {
		assertThat(violations(exchange(SEND, 429, "2", 0), exchange(SEND, 202, null, 2000))).isEmpty();
	}

	@Test
	void aRetryBeforeTheRetryAfterIsAViolation() {
		assertThat(violations(exchange(SEND, 429, "2", 0), exchange(SEND, 202, null, 900)))
			.containsExactly("POST " + SEND + "?api-version=2024-12-01: retried after 895 ms, Retry-After asked 2 s");
	}

	@Test
	void aRetriedClientResultIsAViolationAndGivingUpIsNot() {
		String invoke = "/api/hubs/h/connections/c/:invoke";

		assertThat(violations(exchange(invoke, 429, null, 0), exchange(invoke, 200, null, 5000)))
			.containsExactly("POST " + invoke + "?api-version=2024-12-01: a client result was retried after a 429");
		assertThat(violations(exchange(invoke, 429, null, 0))).isEmpty();
		assertThat(violations(exchange(SEND, 429, "30", 0), exchange("/api/hubs/h/:send", 202, null, 10))).isEmpty();
	}

	private static List<String> violations(Exchange... exchanges) {
		RestExchanges recorded = new RestExchanges();
		List.of(exchanges).forEach(recorded::add);
		return recorded.violations();
	}

	private static Exchange exchange(String path, int status, @Nullable String retryAfter, long atMillis) {
		Instant started = T0.plusMillis(atMillis);
		return new Exchange("POST", path, "api-version=2024-12-01", status, retryAfter, started, started.plusMillis(5));
	}

}
