package dev.beacon.restclient;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.beacon.protocol.InvalidNameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Batches: run in order of answers, half the bulkhead at once, every task knowing its
 * batch's deadline; checked with the client's own rules before anything is sent.
 */
class SignalRBatchesTests {

	final SignalRBatches batches = new SignalRBatches(
			RestClientFixture.properties(null, Duration.ofSeconds(10), Duration.ofMillis(800)).properties());

	@Test
	void runsHalfTheBulkheadAtOnceAndAnswersInOrder() {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();

		List<Integer> answers = this.batches.run(500, (i) -> {
			most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			Thread.yield();
			inFlight.decrementAndGet();
			return i;
		});

		assertThat(this.batches.concurrency()).isEqualTo(32);
		assertThat(answers).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
		assertThat(most.get()).isBetween(1, 32);
	}

	@Test
	void everyTaskKnowsItsBatchsDeadlineAndOthersDoNot() {
		long before = System.nanoTime();

		List<OptionalLong> deadlines = this.batches.run(3, (i) -> SignalRBatches.deadline());

		assertThat(deadlines).allSatisfy((deadline) -> assertThat(deadline.getAsLong() - before)
			.isGreaterThanOrEqualTo(Duration.ofSeconds(30).toNanos()));
		assertThat(SignalRBatches.deadline()).isEmpty();
	}

	@Test
	void aTaskThatThrowsFailsTheRunOnceTheOthersEnded() {
		AtomicInteger ran = new AtomicInteger();

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.batches.run(10, (i) -> {
			ran.incrementAndGet();
			if (i == 0) {
				throw new IllegalStateException("task 0");
			}
			return i;
		})).withMessage("task 0");
		assertThat(ran.get()).isEqualTo(10);
	}

	@Test
	void aSendIsCheckedWithTheClientsRulesWithoutSendingIt() {
		assertThatNoException().isThrownBy(() -> this.batches.checkSend("chat", "alice", null, null, List.of()));
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> this.batches.checkSend("chat", "..", null, null, List.of()))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo("user"));
		assertThatExceptionOfType(InvalidNameException.class)
			.isThrownBy(() -> this.batches.checkSend("chat", null, "ops", null, List.of("a\u0000")))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo("connectionId"));
		assertThatExceptionOfType(RequestTooLongException.class).isThrownBy(
				() -> this.batches.checkSend("chat", null, null, null, Collections.nCopies(1000, "c".repeat(30))));
	}

}
