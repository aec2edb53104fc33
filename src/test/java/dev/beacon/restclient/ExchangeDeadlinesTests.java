package dev.beacon.restclient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ExchangeDeadlinesTests {

	private final ExchangeDeadlines deadlines = ExchangeDeadlines.get();

	@Test
	void anExchangeNotDoneByItsDeadlineIsCancelledAndSaysSo() {
		CompletableFuture<String> exchange = new CompletableFuture<>();
		long started = System.nanoTime();
		try (ExchangeDeadlines.Deadline deadline = this.deadlines.watch(exchange, Duration.ofMillis(100).toNanos())) {
			await().atMost(Duration.ofSeconds(5)).until(exchange::isCancelled);
			assertThat(deadline.passed()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		}
	}

	@Test
	void anExchangeClosedInTimeIsLeftAloneAndTheWatcherSleepsAgain() throws Exception {
		CompletableFuture<String> exchange = new CompletableFuture<>();
		ExchangeDeadlines.Deadline deadline = this.deadlines.watch(exchange, Duration.ofMillis(50).toNanos());
		exchange.complete("answer");
		deadline.close();
		Thread.sleep(4 * ExchangeDeadlines.TICK_MILLIS + 50);

		assertThat(exchange).isCompletedWithValue("answer");
		assertThat(deadline.passed()).isFalse();
		// And after a sleep, a new exchange is still watched
		anExchangeNotDoneByItsDeadlineIsCancelledAndSaysSo();
	}

}
