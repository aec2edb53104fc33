package dev.beacon.upstream;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.beacon.protocol.InvalidNameException;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRNotFoundException;
import dev.beacon.restclient.SignalRUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * How a stream ends when sending it fails: the client is told (an error completion)
 * unless it cancelled the stream itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamProducersTests {

	private final SignalRClient client = mock(SignalRClient.class);

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final StreamProducers producers = new StreamProducers(this.client, this.meterRegistry);

	private final InvocationContext context = new InvocationContext("chat", "c1", null, Map.of(), Map.of());

	@Test
	void aStreamWhoseItemCannotBeSentIsCompletedWithAnErrorSoTheClientStopsWaiting() throws Exception {
		willThrow(new SignalRUnavailableException("POST", "/streams/s1/:send", "unavailable", null, null))
			.given(this.client)
			.sendToStream(eq("chat"), eq("c1"), eq("s1"), any(), anyBoolean());

		this.producers.start(this.context, "s1", Stream.of(1, 2)).get(5, TimeUnit.SECONDS);

		verify(this.client).completeStream("chat", "c1", "s1", "An error occurred on the server while streaming.");
		assertThat(this.meterRegistry.counter("beacon.upstream.streams", "outcome", "failed").count()).isOne();
	}

	@Test
	void aStreamTheClientCancelledIsNotCompleted() throws Exception {
		willThrow(new SignalRNotFoundException("POST", "/streams/s2/:send", "no such stream", null)).given(this.client)
			.sendToStream(eq("chat"), eq("c1"), eq("s2"), any(), anyBoolean());

		this.producers.start(this.context, "s2", List.of(1, 2)).get(5, TimeUnit.SECONDS);

		verify(this.client, never()).completeStream(eq("chat"), eq("c1"), eq("s2"), any());
	}

	@Test
	void aStreamThatEndsIsCompletedWithoutAnError() throws Exception {
		this.producers.start(this.context, "s3", List.of("a", "b")).get(5, TimeUnit.SECONDS);

		verify(this.client).sendToStream("chat", "c1", "s3", "a", false);
		verify(this.client).sendToStream("chat", "c1", "s3", "b", false);
		verify(this.client).completeStream("chat", "c1", "s3", null);
	}

	@Test
	void aStreamsThreadIsNotNamedAfterTheClientsStreamId() throws Exception {
		AtomicReference<Thread> producer = new AtomicReference<>();

		this.producers.start(this.context, "s4\nforged", recordingThread(producer)).get(5, TimeUnit.SECONDS);

		assertThat(producer.get().getName()).matches("beacon-stream-\\d+").doesNotContain("forged");
	}

	@Test
	void aFailureOutsideTheRestApisFamilyEndsTheStreamWithoutEscapingItsThread(CapturedOutput output) throws Exception {
		willThrow(new InvalidNameException("streamId", "must be 1 to 100 characters")).given(this.client)
			.completeStream(eq("chat"), eq("c1"), anyString(), any());
		AtomicReference<Thread> producer = new AtomicReference<>();

		this.producers.start(this.context, "s5", recordingThread(producer)).get(5, TimeUnit.SECONDS);
		producer.get().join(5000);

		assertThat(output).doesNotContain("Exception in thread");
		assertThat(this.meterRegistry.counter("beacon.upstream.streams", "outcome", "completed").count()).isOne();
	}

	/** An empty stream that notes the thread producing it. */
	private static Iterator<Object> recordingThread(AtomicReference<Thread> producer) {
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				producer.set(Thread.currentThread());
				return false;
			}

			@Override
			public Object next() {
				throw new IllegalStateException("empty");
			}

		};
	}

}
