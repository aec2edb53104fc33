package dev.beacon.inbox;

import dev.beacon.restclient.UserMessageSentEvent;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

/**
 * Hands each message sent to a user to the inbox, and listens only while the inbox is on.
 * Spring caches which listeners an event type has, so with the inbox off (the default) a
 * send finds none and pays for no listener call: an {@code @EventListener} method would
 * be looked up and invoked reflectively on every send, 7.9% of a batch's sending CPU in a
 * profile (docs/performance.md). First among listeners, so the message is kept before any
 * other listener can fail the send.
 */
final class InboxKeeper implements GenericApplicationListener {

	private static final ResolvableType SENT = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class,
			UserMessageSentEvent.class);

	private final InboxService inbox;

	InboxKeeper(InboxService inbox) {
		this.inbox = inbox;
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		return this.inbox.enabled() && SENT.isAssignableFrom(eventType);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof PayloadApplicationEvent<?> payload
				&& payload.getPayload() instanceof UserMessageSentEvent sent) {
			this.inbox.sent(sent);
		}
	}

}
