package dev.beacon.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client received, read from the queue its handler fills.
 */
public final class ReceivedMessages {

	private ReceivedMessages() {
	}

	/**
	 * Takes the messages up to and including {@code last}, in the order they came.
	 * @param received the client's queue
	 * @param last the message that ends the run, such as a marker sent after the others
	 * @param each how long each message may take to come
	 * @return the messages taken, {@code last} at the end
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static List<String> until(BlockingQueue<String> received, String last, Duration each)
			throws InterruptedException {
		List<String> messages = new ArrayList<>();
		while (messages.isEmpty() || !messages.getLast().equals(last)) {
			String message = received.poll(each.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(message).as("received after %s", messages).isNotNull();
			messages.add(message);
		}
		return messages;
	}

}
