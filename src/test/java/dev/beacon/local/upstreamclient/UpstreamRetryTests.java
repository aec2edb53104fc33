package dev.beacon.local.upstreamclient;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.local.upstreamclient.UpstreamRetry.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Connection events are retried on any I/O failure but a response timeout; invocations
 * only when nothing was sent.
 */
class UpstreamRetryTests {

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final UpstreamRetry retry = new UpstreamRetry(this.meterRegistry);

	@ParameterizedTest
	@CsvSource({ "CONNECTED, refused, true", "CONNECTED, connect-timeout, true", "CONNECTED, closed-unanswered, true",
			"CONNECTED, response-timeout, false", "DISCONNECTED, refused, true",
			"DISCONNECTED, closed-unanswered, true", "DISCONNECTED, response-timeout, false",
			"INVOCATION, refused, true", "INVOCATION, connect-timeout, true", "INVOCATION, closed-unanswered, false",
			"INVOCATION, response-timeout, false" })
	void retryableOnlyWhenARepeatIsSafe(Event event, String failure, boolean retryable) {
		assertThat(UpstreamRetry.retryable(event, failure(failure))).isEqualTo(retryable);
	}

	@Test
	void connectionEventIsRetriedUntilItGoesThrough() throws Exception {
		AtomicInteger attempts = new AtomicInteger();

		String result = this.retry.call(Event.DISCONNECTED, () -> {
			if (attempts.incrementAndGet() < 3) {
				throw failure("closed-unanswered");
			}
			return "ok";
		});

		assertThat(result).isEqualTo("ok");
		assertThat(attempts).hasValue(3);
		assertThat(count("beacon.local.upstream.retries", Event.DISCONNECTED)).isEqualTo(2);
	}

	@Test
	void retriesEndAfterTheLimitWithTheLastFailure() {
		AtomicInteger attempts = new AtomicInteger();

		Throwable thrown = catchThrowable(() -> this.retry.call(Event.CONNECTED, () -> {
			attempts.incrementAndGet();
			throw failure("refused");
		}));

		assertThat(thrown).isInstanceOf(ConnectException.class);
		assertThat(attempts).hasValue(1 + UpstreamRetry.MAX_RETRIES);
	}

	@Test
	void invocationThatMayHaveBeenSentIsNotRetried() {
		AtomicInteger attempts = new AtomicInteger();

		Throwable thrown = catchThrowable(() -> this.retry.call(Event.INVOCATION, () -> {
			attempts.incrementAndGet();
			throw failure("closed-unanswered");
		}));

		assertThat(thrown).isInstanceOf(IOException.class);
		assertThat(attempts).hasValue(1);
		assertThat(count("beacon.local.upstream.retries", Event.INVOCATION)).isZero();
	}

	@Test
	void lostEventsAreCountedByEvent() {
		this.retry.lost(Event.DISCONNECTED);

		assertThat(count("beacon.local.upstream.lost", Event.DISCONNECTED)).isEqualTo(1);
		assertThat(count("beacon.local.upstream.lost", Event.CONNECTED)).isZero();
	}

	private double count(String name, Event event) {
		return this.meterRegistry.get(name).tag("event", event.tag()).counter().count();
	}

	private static IOException failure(String kind) {
		return switch (kind) {
			case "refused" -> new ConnectException();
			case "connect-timeout" -> new HttpConnectTimeoutException("HTTP connect timed out");
			case "closed-unanswered" -> new IOException("HTTP/1.1 header parser received no bytes",
					new EOFException("EOF reached while reading"));
			case "response-timeout" -> new HttpTimeoutException("request timed out");
			default -> throw new IllegalArgumentException(kind);
		};
	}

}
