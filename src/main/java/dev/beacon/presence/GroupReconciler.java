package dev.beacon.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.beacon.restclient.GroupMember;
import dev.beacon.restclient.GroupMembersPage;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRException;
import dev.beacon.restclient.UnsupportedOperationVersionException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Corrects a group's membership in presence from the service's own list (2024-12-01),
 * when the group is read and was last corrected longer ago than
 * {@code beacon.presence.group-reconcile-interval}: connections the service has in the
 * group that presence missed (added by a filtered {@code JoinGroup}, by another system on
 * the service, or while an event was lost) join it; connections presence has but the
 * service does not leave it. Costs one listing per read group per interval: one REST call
 * per 200 members. A failure leaves presence as it was until the next read.
 */
final class GroupReconciler {

	private static final Log logger = LogFactory.getLog(GroupReconciler.class);

	/** Groups remembered at most; past it the memory starts over. */
	static final int MAX_TRACKED = 10_000;

	private static final int PAGE_SIZE = 200;

	private final PresenceStore store;

	private final SignalRClient client;

	private final Duration interval;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private final Map<String, Instant> corrected = new ConcurrentHashMap<>();

	GroupReconciler(PresenceStore store, SignalRClient client, Duration interval, Clock clock,
			MeterRegistry meterRegistry) {
		this.store = store;
		this.client = client;
		this.interval = interval;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
	}

	Presence.Group read(String hub, String group) {
		if (!this.interval.isZero() && due(hub, group)) {
			try {
				correct(hub, group);
			}
			catch (SignalRException | UnsupportedOperationVersionException ex) {
				logger.debug("Group " + group + " of hub " + hub + " not corrected: " + ex.getMessage());
			}
		}
		return this.store.group(hub, group);
	}

	private boolean due(String hub, String group) {
		Instant now = this.clock.instant();
		if (this.corrected.size() >= MAX_TRACKED) {
			this.corrected.clear();
		}
		String key = hub + "\u0000" + group;
		Instant last = this.corrected.get(key);
		if (last != null && now.isBefore(last.plus(this.interval))) {
			return false;
		}
		this.corrected.put(key, now);
		return true;
	}

	private void correct(String hub, String group) {
		Set<String> listed = new HashSet<>();
		String token = null;
		do {
			GroupMembersPage page = this.client.listConnectionsInGroup(hub, group, PAGE_SIZE, token);
			page.members().stream().map(GroupMember::connectionId).forEach(listed::add);
			token = page.continuationToken();
		}
		while (token != null);
		Set<String> known = new HashSet<>(this.store.group(hub, group).connections());
		for (String connectionId : listed) {
			if (!known.contains(connectionId)) {
				this.store.joined(hub, group, connectionId);
				this.meterRegistry.counter("beacon.presence.group-corrections", "change", "joined").increment();
			}
		}
		for (String connectionId : known) {
			if (!listed.contains(connectionId)) {
				this.store.left(hub, group, connectionId);
				this.meterRegistry.counter("beacon.presence.group-corrections", "change", "left").increment();
			}
		}
	}

}
