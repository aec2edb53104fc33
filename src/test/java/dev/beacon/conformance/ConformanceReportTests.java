package dev.beacon.conformance;

import java.nio.file.Path;
import java.time.Duration;

import dev.beacon.conformance.ConformanceReport.Result;
import dev.beacon.conformance.ConformanceReport.Row;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's table, and that no failure leaves the suite with a secret in it.
 */
class ConformanceReportTests {

	private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl";

	private final ConformanceReport report = new ConformanceReport(Path.of("target", "unused.md"));

	@Test
	void tokensKeysAndTheRunsSecretsAreRedacted() {
		this.report.keepSecret("the-run-s-own-key-0123456789");

		assertThat(this.report.redact("wss://contoso.service.signalr.net/client/?hub=h&id=x&access_token=" + JWT))
			.isEqualTo("wss://contoso.service.signalr.net/client/?hub=h&id=x&access_token=[redacted]");
		assertThat(this.report.redact("Endpoint=https://x;AccessKey=" + TestKeys.ACCESS_KEY + ";Version=1.0;"))
			.isEqualTo("Endpoint=https://x;AccessKey=[redacted];Version=1.0;");
		assertThat(this.report.redact("Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer [redacted]");
		assertThat(this.report.redact("token " + JWT + " refused")).isEqualTo("token [redacted] refused");
		assertThat(this.report.redact("signed with the-run-s-own-key-0123456789")).isEqualTo("signed with [redacted]");
	}

	@Test
	void aFailureReachesJUnitRedactedWithItsCausesAndStackTrace() {
		IllegalStateException cause = new IllegalStateException("negotiate with access_token=" + JWT + " failed");
		RuntimeException failure = new RuntimeException("could not connect", cause);

		Throwable redacted = this.report.redacted(failure);

		assertThat(redacted).isInstanceOf(AssertionError.class)
			.hasMessage("java.lang.RuntimeException: could not connect")
			.hasStackTraceContaining("ConformanceReportTests");
		assertThat(redacted.getCause())
			.hasMessage("java.lang.IllegalStateException: negotiate with access_token=[redacted] failed");
	}

	@Test
	void aSkipStaysASkip() {
		Throwable redacted = this.report.redacted(new TestAbortedException("needs a public upstream URL"));

		assertThat(redacted).isInstanceOf(TestAbortedException.class).hasMessage("needs a public upstream URL");
	}

	@Test
	void theTableHasARowPerOperationWithItsResultReasonAndTime() {
		this.report.describe("contoso.service.signalr.net (AccessKey)", "API version 2024-12-01");
		this.report.add(new Row("health: HEAD /api/health", Result.PASSED, null, Duration.ofMillis(120)));
		this.report.add(new Row("send | all", Result.FAILED, "expected x", Duration.ofMillis(2500)));
		this.report.add(new Row("upstream signature", Result.SKIPPED, "needs a public upstream URL", Duration.ZERO));

		assertThat(this.report.table()).isEqualTo(
				"""
						# Beacon conformance: contoso.service.signalr.net (AccessKey)

						API version 2024-12-01. 1 passed, 1 failed, 1 skipped, in 2.62 s (tests only; starting the target not counted).

						| operation | result | time |
						|---|---|---|
						| health: HEAD /api/health | passed | 0.12 s |
						| send \\| all | failed (expected x) | 2.50 s |
						| upstream signature | skipped (needs a public upstream URL) | 0.00 s |
						""");
	}

	@Test
	void aReasonIsOneRedactedLine() {
		assertThat(this.report.reason(new AssertionError("first line\n  second line with Bearer " + JWT)))
			.isEqualTo("first line second line with Bearer [redacted]");
	}

}
