package dev.beacon.local.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The answers of one request on the bus so far: done once as many came as replicas
 * received it (known only after publishing, so an early answer is counted before that).
 */
final class PendingAnswers {

	private final CompletableFuture<JsonNode> done = new CompletableFuture<>();

	private long answers;

	private long expected = -1;

	private @Nullable JsonNode first;

	synchronized void answered(JsonNode answer) {
		this.first = (this.first != null) ? this.first : answer;
		this.answers++;
		settle();
	}

	synchronized void expect(long receivers) {
		this.expected = receivers;
		settle();
	}

	/**
	 * Waits for every answer.
	 * @return the first answer
	 */
	JsonNode first(Duration timeout) throws TimeoutException, ExecutionException, InterruptedException {
		return this.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void settle() {
		if (this.expected >= 0 && this.answers >= this.expected && this.first != null) {
			this.done.complete(this.first);
		}
	}

}
