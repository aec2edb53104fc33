package dev.beacon.restclient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bulkhead: single calls are refused at once when it is full; batch calls wait for
 * room until their batch's deadline and together never hold more than half, so single
 * calls always find the other half.
 */
class BulkheadTests {

	static final RestApiRequest SEND = new RestApiRequests(null, ApiVersion.V2024_12_01).sendToUser("chat", "alice",
			new byte[0]);

	final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	@Test
	void aSingleCallIsRefusedAtOnceWhenTheBulkheadIsFull() {
		Bulkhead bulkhead = new Bulkhead(2, this.meterRegistry);
		bulkhead.acquire(SEND, 1);
		bulkhead.acquire(SEND, 1);

		assertThatExceptionOfType(SignalRUnavailableException.class).isThrownBy(() -> bulkhead.acquire(SEND, 1))
			.satisfies((ex) -> assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("1"))
			.withMessageContaining("beacon.signalr.max-concurrent-requests");
		assertThat(refused()).isOne();
	}

	@Test
	void batchesHoldAtMostHalfAndSingleCallsAlwaysFindTheOtherHalf() {
		Bulkhead bulkhead = new Bulkhead(4, this.meterRegistry);
		inBatch(deadlineIn(Duration.ofMinutes(1)), () -> bulkhead.acquire(SEND, 1));
		inBatch(deadlineIn(Duration.ofMinutes(1)), () -> bulkhead.acquire(SEND, 1));

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> inBatch(deadlineIn(Duration.ofMillis(50)), () -> bulkhead.acquire(SEND, 1)))
			.withMessageContaining("before the batch's deadline");
		bulkhead.acquire(SEND, 1);
		bulkhead.acquire(SEND, 1);
		assertThatExceptionOfType(SignalRUnavailableException.class).isThrownBy(() -> bulkhead.acquire(SEND, 1));
	}

	@Test
	void aBatchCallWaitsForRoomAndGoesOnceThereIsSome() throws Exception {
		Bulkhead bulkhead = new Bulkhead(2, this.meterRegistry);
		Bulkhead.Permit first = inBatch(deadlineIn(Duration.ofMinutes(1)), () -> bulkhead.acquire(SEND, 1));
		CompletableFuture<Bulkhead.Permit> waiting = new CompletableFuture<>();
		Thread second = Thread.ofPlatform()
			.start(() -> waiting.complete(inBatch(deadlineIn(Duration.ofMinutes(1)), () -> bulkhead.acquire(SEND, 1))));
		await().until(() -> second.getState() == Thread.State.TIMED_WAITING);
		assertThat(waiting).isNotDone();

		first.close();

		assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
		assertThat(refused()).isZero();
	}

	@Test
	void aBatchCallPastItsDeadlineStillGoesWhenThereIsRoom() {
		Bulkhead bulkhead = new Bulkhead(2, this.meterRegistry);

		assertThat(inBatch(System.nanoTime() - 1, () -> bulkhead.acquire(SEND, 1))).isNotNull();
	}

	@Test
	void aBatchCallToMoreInstancesThanTheShareTakesTheWholeShareAndLeavesTheRest() {
		Bulkhead bulkhead = new Bulkhead(4, this.meterRegistry);
		Bulkhead.Permit wide = inBatch(deadlineIn(Duration.ofMinutes(1)), () -> bulkhead.acquire(SEND, 3));

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> inBatch(deadlineIn(Duration.ofMillis(20)), () -> bulkhead.acquire(SEND, 1)));
		Bulkhead.Permit single = bulkhead.acquire(SEND, 1);
		assertThatExceptionOfType(SignalRUnavailableException.class).isThrownBy(() -> bulkhead.acquire(SEND, 1));

		wide.close();
		single.close();
		bulkhead.acquire(SEND, 4).close();
	}

	private static long deadlineIn(Duration duration) {
		return System.nanoTime() + duration.toNanos();
	}

	private static <T> T inBatch(long deadline, ScopedValue.CallableOp<T, RuntimeException> call) {
		return ScopedValue.where(SignalRBatches.DEADLINE, deadline).call(call);
	}

	private double refused() {
		return this.meterRegistry.counter("beacon.signalr.requests.refused").count();
	}

}
