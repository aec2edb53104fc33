package dev.beacon.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link StatusStore} promises, run against each implementation by a subclass:
 * one order of sequences with no gaps or repeats (even when reserved at once), the
 * default status until one is recorded, the highest sequence as the current status
 * whatever order the records arrive in, the history newest first and trimmed to its size,
 * and a status kept exactly as sent.
 */
abstract class StatusStoreContract {

	static final int HISTORY_SIZE = 5;

	static final StatusEvent INITIAL = new StatusEvent("initial", null, Instant.EPOCH, "operational",
			"All services running normally", null);

	final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	StatusStore store;

	/**
	 * A store with nothing in it, isolated from the stores of other tests.
	 * @param initial the status before any is recorded
	 * @param historySize how many statuses the history keeps
	 * @return the store
	 */
	abstract StatusStore newStore(StatusEvent initial, int historySize);

	@BeforeEach
	void newEmptyStore() {
		this.store = newStore(INITIAL, HISTORY_SIZE);
	}

	@Test
	void sequencesStartAtOneAndGoUpByOne() {
		assertThat(List.of(this.store.nextSequence(), this.store.nextSequence(), this.store.nextSequence()))
			.containsExactly(1L, 2L, 3L);
	}

	@Test
	void sequencesReservedAtOnceAreEachGivenOnce() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Long>> reserved = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				reserved.add(threads.submit(this.store::nextSequence));
			}
			List<Long> sequences = new ArrayList<>();
			for (Future<Long> sequence : reserved) {
				sequences.add(sequence.get());
			}
			assertThat(sequences).doesNotHaveDuplicates().hasSize(400);
			assertThat(sequences).allSatisfy((sequence) -> assertThat(sequence).isBetween(1L, 400L));
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void currentIsTheDefaultUntilAStatusIsRecorded() {
		this.store.nextSequence();

		assertThat(this.store.current()).isEqualTo(INITIAL);
		assertThat(this.store.history(10)).isEmpty();
	}

	@Test
	void currentIsTheHighestSequenceWhateverOrderTheRecordsArriveIn() {
		StatusEvent first = event(this.store.nextSequence(), "degraded");
		StatusEvent second = event(this.store.nextSequence(), "outage");

		this.store.record(second);
		this.store.record(first);

		assertThat(this.store.current()).isEqualTo(second);
		assertThat(this.store.history(10)).containsExactly(second, first);
	}

	@Test
	void historyIsNewestFirstAndHonoursTheLimit() {
		List<StatusEvent> recorded = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			StatusEvent event = event(this.store.nextSequence(), "status-" + i);
			this.store.record(event);
			recorded.add(0, event);
		}

		assertThat(this.store.history(10)).containsExactlyElementsOf(recorded);
		assertThat(this.store.history(2)).containsExactlyElementsOf(recorded.subList(0, 2));
		assertThat(this.store.history(1)).containsExactly(this.store.current());
	}

	@Test
	void historyKeepsOnlyTheNewestOfItsSize() {
		List<StatusEvent> recorded = new ArrayList<>();
		for (int i = 0; i < HISTORY_SIZE + 3; i++) {
			StatusEvent event = event(this.store.nextSequence(), "status-" + i);
			this.store.record(event);
			recorded.add(0, event);
		}

		assertThat(this.store.history(100)).containsExactlyElementsOf(recorded.subList(0, HISTORY_SIZE));
		assertThat(this.store.current()).isEqualTo(recorded.get(0));
	}

	@Test
	void aStatusIsKeptExactlyAsSent() {
		Map<String, Object> details = new ConcurrentHashMap<>();
		details.put("region", "westeurope");
		details.put("affected", List.of("checkout", "search"));
		details.put("nested", Map.of("percent", 42, "note", "\"quoted\" \\ and ünïcödé €"));
		StatusEvent event = new StatusEvent(UUID.randomUUID().toString(), this.store.nextSequence(),
				this.now.plusNanos(123_456), "degraded", "Checkout is slow: \"p99\" > 2 s\nsee ✓ status page", details);

		this.store.record(event);

		assertThat(this.store.current()).isEqualTo(event);
		assertThat(this.store.history(1)).containsExactly(event);
	}

	@Test
	void aStatusWithoutDetailsHasNoneWhenRead() {
		StatusEvent event = event(this.store.nextSequence(), "operational");

		this.store.record(event);

		assertThat(this.store.current().details()).isNull();
	}

	@Test
	void storesOfOtherTestsStartEmpty() {
		StatusStore other = newStore(INITIAL, HISTORY_SIZE);
		this.store.record(event(this.store.nextSequence(), "outage"));

		assertThat(other.current()).isEqualTo(INITIAL);
		assertThat(other.nextSequence()).isEqualTo(1L);
	}

	StatusEvent event(long sequence, String status) {
		return new StatusEvent(UUID.randomUUID().toString(), sequence, this.now.plusSeconds(sequence), status,
				"message " + sequence, null);
	}

}
