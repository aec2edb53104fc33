package dev.beacon.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.UserMessageSentEvent;
import dev.beacon.store.StoreUnavailableException;
import dev.beacon.upstream.ClientConnectedEvent;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;

/**
 * Keeps every message sent to a user until the user acknowledges it, and sends a user's
 * pending messages, oldest first, to each connection the user opens: delivery at least
 * once, with ids to de-duplicate by. A message that cannot be kept fails the request that
 * sent it (503, after delivery); a replay that fails is logged and counted, and the
 * messages stay for the next connect.
 */
class InboxService {

	private static final Log logger = LogFactory.getLog(InboxService.class);

	private final InboxStore store;

	private final InboxProperties properties;

	private final SignalRClient client;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

	private final ExecutorService replays = Executors.newVirtualThreadPerTaskExecutor();

	InboxService(InboxStore store, InboxProperties properties, SignalRClient client, Clock clock,
			MeterRegistry meterRegistry) {
		this.store = store;
		this.properties = properties;
		this.client = client;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
	}

	boolean enabled() {
		return this.properties.enabled();
	}

	/**
	 * A message was sent to a user ({@link InboxKeeper} hands it over while the inbox is
	 * on).
	 */
	void sent(UserMessageSentEvent event) {
		if (!enabled()) {
			return;
		}
		Instant now = this.clock.instant();
		InboxMessage message = new InboxMessage(event.id(), event.message().target(), event.message().arguments(), now,
				now.plus(this.properties.ttl()));
		int dropped = this.store.add(event.hub(), event.userId(), message, this.properties.maxPerUser());
		count("beacon.inbox.kept", 1);
		count("beacon.inbox.dropped", dropped);
	}

	/** A connection of a user opened: it gets the user's pending messages, in order. */
	@EventListener
	void connected(ClientConnectedEvent event) {
		String userId = event.userId();
		if (enabled() && userId != null) {
			// In the trace of the connect event: each replayed message's REST call is its
			// child.
			this.replays.execute(CONTEXT.captureAll().wrap(() -> replay(event.hub(), userId, event.connectionId())));
		}
	}

	void replay(String hub, String userId, String connectionId) {
		try {
			InboxStore.Pending pending = this.store.pending(hub, userId, this.clock.instant());
			count("beacon.inbox.expired", pending.expired());
			for (InboxMessage message : pending.messages()) {
				this.client.sendToConnection(hub, connectionId,
						new SignalRMessage(message.target(), message.arguments()));
				count("beacon.inbox.delivered", 1);
			}
		}
		catch (RuntimeException ex) {
			count("beacon.inbox.replay.failures", 1);
			logger.warn("Inbox of a user could not be sent to connection " + connectionId
					+ "; it stays for the next connect: " + ex.getMessage());
		}
	}

	InboxStore.Pending pending(String hub, String userId) {
		InboxStore.Pending pending = this.store.pending(hub, userId, this.clock.instant());
		count("beacon.inbox.expired", pending.expired());
		return pending;
	}

	/**
	 * Removes messages from the caller's own inbox.
	 * @return how many were pending
	 */
	int acknowledge(String hub, String userId, Collection<String> ids) {
		int removed = this.store.acknowledge(hub, userId, ids);
		count("beacon.inbox.acknowledged", removed);
		return removed;
	}

	long pendingCount(String hub) {
		try {
			return this.store.pendingCount(hub, this.clock.instant());
		}
		catch (StoreUnavailableException ex) {
			return 0;
		}
	}

	private void count(String name, int amount) {
		if (amount > 0) {
			this.meterRegistry.counter(name).increment(amount);
		}
	}

}
