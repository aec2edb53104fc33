package dev.beacon.store;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An outage is one story in the log: one warning when the store starts failing, one when
 * it answers again. A store that refuses only writes (out of memory, read-only) still
 * answers reads, and a read answered in between does not end the story.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreOperationsTests {

	final StoreOperations operations = new StoreOperations(new SimpleMeterRegistry(),
			new StoreProperties(StoreProperties.Type.REDIS, Duration.ofSeconds(2), "test:"), Tracer.NOOP);

	@Test
	void readsAnsweredWhileWritesAreRefusedForMemoryDoNotEndTheOutage(CapturedOutput output) {
		DataAccessException outOfMemory = new InvalidDataAccessApiUsageException(
				"OOM command not allowed when used memory > 'maxmemory'.");

		fail("status.record", outOfMemory);
		succeed("status.history");
		fail("status.record", outOfMemory);
		succeed("inbox.pending");
		fail("inbox.add", outOfMemory);
		assertThat(this.operations.fault()).contains("out of memory");
		assertThat(warnings(output, "out of memory")).isEqualTo(1);
		assertThat(warnings(output, "answers again")).isZero();

		succeed("status.record");
		assertThat(this.operations.fault()).isNull();
		assertThat(warnings(output, "answers again")).isEqualTo(1);
	}

	@Test
	void anyAnswerEndsAnOutageOfAStoreThatCouldNotBeReached(CapturedOutput output) {
		fail("status.record", new RedisConnectionFailureException("Unable to connect to Redis"));
		fail("status.history", new RedisConnectionFailureException("Unable to connect to Redis"));
		assertThat(this.operations.fault()).contains("cannot be reached");

		succeed("status.history");
		assertThat(this.operations.fault()).isNull();
		assertThat(warnings(output, "cannot be reached")).isEqualTo(1);
		assertThat(warnings(output, "answers again")).isEqualTo(1);
	}

	private void fail(String operation, DataAccessException failure) {
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> this.operations.call(operation, () -> {
				throw failure;
			}));
	}

	private void succeed(String operation) {
		assertThat(this.operations.call(operation, () -> "answer")).isEqualTo("answer");
	}

	private static long warnings(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains("WARN") && line.contains(text)).count();
	}

}
