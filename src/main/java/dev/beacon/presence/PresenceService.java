package dev.beacon.presence;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.GroupChangedEvent;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRException;
import dev.beacon.store.StoreUnavailableException;
import dev.beacon.upstream.ClientConnectedEvent;
import dev.beacon.upstream.ClientDisconnectedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

/**
 * Keeps presence from the events that change it (one more listener of the upstream's
 * connection events and of Beacon's own group changes, beside the application's own) and
 * answers who is connected. A store that fails is logged and counted, never thrown into
 * the event: the application's other listeners still run. Connections not heard of for
 * {@code reconcile-after} are checked with the service, a few per second, so a lost
 * disconnect drains away.
 */
class PresenceService {

	private static final Log logger = LogFactory.getLog(PresenceService.class);

	private final AtomicBoolean reconciliationPaused = new AtomicBoolean();

	private final PresenceStore store;

	private final PresenceProperties properties;

	private final SignalRClient client;

	private final Hubs hubs;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private final AtomicLong connectionEvents = new AtomicLong();

	private volatile @Nullable Instant lastConnectionEvent;

	private final GroupReconciler groups;

	PresenceService(PresenceStore store, PresenceProperties properties, SignalRClient client, Hubs hubs, Clock clock,
			MeterRegistry meterRegistry) {
		this.store = store;
		this.properties = properties;
		this.client = client;
		this.hubs = hubs;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
		this.groups = new GroupReconciler(store, client, properties.groupReconcileInterval(), clock, meterRegistry);
	}

	@EventListener
	void connected(ClientConnectedEvent event) {
		noteConnectionEvent();
		apply("connected",
				() -> this.store.connected(event.hub(), event.connectionId(), event.userId(), this.clock.instant()));
	}

	@EventListener
	void disconnected(ClientDisconnectedEvent event) {
		noteConnectionEvent();
		apply("disconnected", () -> this.store.disconnected(event.hub(), event.connectionId(), this.clock.instant(),
				this.properties.tombstoneTtl()));
	}

	@EventListener
	void groupChanged(GroupChangedEvent event) {
		apply("group", () -> {
			String hub = event.hub();
			switch (event.change()) {
				case CONNECTION_ADDED -> this.store.joined(hub, named(event.group()), named(event.connectionId()));
				case CONNECTION_REMOVED -> this.store.left(hub, named(event.group()), named(event.connectionId()));
				case CONNECTION_REMOVED_FROM_ALL -> this.store.leftAllGroups(hub, named(event.connectionId()));
				case USER_ADDED -> this.store.userJoined(hub, named(event.group()), named(event.userId()));
				case USER_REMOVED -> this.store.userLeft(hub, named(event.group()), named(event.userId()));
				case USER_REMOVED_FROM_ALL -> this.store.userLeftAllGroups(hub, named(event.userId()));
			}
			return true;
		});
	}

	// Each kind of change carries the group, connection or user it names: the REST
	// client's methods take them all
	private static String named(@Nullable String value) {
		return Objects.requireNonNull(value, "a group change without what it names");
	}

	Presence.Counts counts(String hub) {
		return this.store.counts(hub);
	}

	Presence.UsersPage users(String hub, int limit, @Nullable String cursor) {
		return this.store.users(hub, limit, cursor);
	}

	Presence.UserConnections user(String hub, String userId) {
		return this.store.user(hub, userId);
	}

	/** A group's members online, corrected from the service's list when it is due. */
	Presence.Group group(String hub, String group) {
		return this.groups.read(hub, group);
	}

	long connectionEvents() {
		return this.connectionEvents.get();
	}

	@Nullable Instant lastConnectionEvent() {
		return this.lastConnectionEvent;
	}

	/**
	 * Checks connections not heard of for {@code reconcile-after} with the service, at
	 * most {@code reconcile-rate} per call (one call a second), and removes those it no
	 * longer has.
	 */
	void reconcile() {
		Instant now = this.clock.instant();
		Instant before = now.minus(this.properties.reconcileAfter());
		int budget = this.properties.reconcileRate();
		try {
			for (String hub : this.hubs.all()) {
				List<String> stale = this.store.claimStale(hub, before, now, budget);
				budget -= stale.size();
				for (String connectionId : stale) {
					reconcile(hub, connectionId, now);
				}
				if (budget <= 0) {
					break;
				}
			}
			if (this.reconciliationPaused.compareAndSet(true, false)) {
				logger.warn("Presence reconciliation runs again");
			}
		}
		catch (StoreUnavailableException | SignalRException ex) {
			// Once when it starts and once when it ends: a round a second would flood the
			// log
			if (this.reconciliationPaused.compareAndSet(false, true)) {
				logger
					.warn("Presence reconciliation paused until the store and the service answer: " + ex.getMessage());
			}
		}
	}

	private void reconcile(String hub, String connectionId, Instant now) {
		boolean exists = this.client.connectionExists(hub, connectionId);
		if (!exists) {
			this.store.disconnected(hub, connectionId, now, this.properties.tombstoneTtl());
		}
		this.meterRegistry.counter("beacon.presence.reconciled", "outcome", exists ? "present" : "gone").increment();
	}

	private void noteConnectionEvent() {
		this.connectionEvents.incrementAndGet();
		this.lastConnectionEvent = this.clock.instant();
	}

	private void apply(String kind, Change change) {
		if (!this.properties.enabled()) {
			return;
		}
		String outcome;
		try {
			outcome = change.apply() ? "applied" : "ignored";
		}
		catch (StoreUnavailableException ex) {
			outcome = "failed";
			logger.warn("Presence could not record a " + kind + " event: " + ex.getMessage());
		}
		this.meterRegistry.counter("beacon.presence.events", "kind", kind, "outcome", outcome).increment();
	}

	@FunctionalInterface
	private interface Change {

		boolean apply();

	}

}
