package dev.beacon.inbox;

import java.time.Clock;
import java.time.Duration;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.UserMessageSentEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.SimpleApplicationEventMulticaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Through Spring's own event multicaster: with the inbox on, a message sent to a user is
 * kept; with it off, the keeper is not a listener of that event at all (so a send pays
 * for no call), and of no other event either way.
 */
class InboxKeeperTests {

	static final UserMessageSentEvent SENT = new UserMessageSentEvent("notifications", "nia", "m1",
			SignalRMessage.of("note", "hi"));

	@Test
	void withTheInboxOnASentMessageIsKept() {
		InboxService inbox = inbox(true);
		SimpleApplicationEventMulticaster events = multicaster(inbox);

		events.multicastEvent(new PayloadApplicationEvent<>(this, SENT));
		events.multicastEvent(new PayloadApplicationEvent<>(this, "something else"));

		assertThat(inbox.pending("notifications", "nia").messages()).extracting(InboxMessage::id).containsExactly("m1");
	}

	@Test
	void withTheInboxOffTheKeeperDoesNotListen() {
		InboxKeeper keeper = new InboxKeeper(inbox(false));

		assertThat(keeper.supportsEventType(new PayloadApplicationEvent<>(this, SENT).getResolvableType())).isFalse();
		assertThat(new InboxKeeper(inbox(true))
			.supportsEventType(new PayloadApplicationEvent<>(this, "text").getResolvableType())).isFalse();
	}

	private static SimpleApplicationEventMulticaster multicaster(InboxService inbox) {
		SimpleApplicationEventMulticaster events = new SimpleApplicationEventMulticaster();
		events.addApplicationListener(new InboxKeeper(inbox));
		return events;
	}

	private static InboxService inbox(boolean enabled) {
		return new InboxService(new MemoryInboxStore(), new InboxProperties(enabled, Duration.ofHours(1), 10),
				mock(SignalRClient.class), Clock.systemUTC(), new SimpleMeterRegistry());
	}

}
