package dev.beacon.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.UserMessageSentEvent;
import dev.beacon.support.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Expiry with an injected clock: a message unacknowledged past {@code beacon.inbox.ttl}
 * is no longer pending, and counts as expired.
 */
class InboxServiceTests {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final InboxService inbox = new InboxService(new MemoryInboxStore(),
			new InboxProperties(true, Duration.ofHours(1), 10), mock(SignalRClient.class), this.clock,
			this.meterRegistry);

	@Test
	void aMessageIsPendingUntilItsTtlAndThenExpires() {
		this.inbox.sent(new UserMessageSentEvent("notifications", "nia", "m1", SignalRMessage.of("note", "hi")));

		this.clock.move(Duration.ofMinutes(59));
		assertThat(this.inbox.pending("notifications", "nia").messages()).extracting(InboxMessage::id)
			.containsExactly("m1");
		assertThat(this.inbox.pendingCount("notifications")).isEqualTo(1);

		this.clock.move(Duration.ofMinutes(2));
		assertThat(this.inbox.pending("notifications", "nia").messages()).isEmpty();
		assertThat(this.inbox.pendingCount("notifications")).isZero();
		assertThat(this.meterRegistry.get("beacon.inbox.expired").counter().count()).isEqualTo(1);
	}

	@Test
	void nothingIsKeptWhenTheInboxIsOff() {
		InboxService off = new InboxService(new MemoryInboxStore(), new InboxProperties(false, Duration.ofHours(1), 10),
				mock(SignalRClient.class), this.clock, this.meterRegistry);

		off.sent(new UserMessageSentEvent("notifications", "nia", "m1", SignalRMessage.of("note", "hi")));

		assertThat(off.pending("notifications", "nia").messages()).isEqualTo(List.of());
	}

}
