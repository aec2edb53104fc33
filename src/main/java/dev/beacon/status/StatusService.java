package dev.beacon.status;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRPartialFailureException;
import dev.beacon.restclient.UserMessageSentEvent;
import dev.beacon.store.StoreUnavailableException;
import dev.beacon.system.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes status events through the data-plane client and remembers what reached
 * everyone in the {@link StatusStore}: the current status and the history change only
 * after the service accepted a broadcast, so a failed publish is never recorded as
 * delivered.
 */
public class StatusService {

	static final String TARGET = "statusUpdate";

	private final SignalRClient client;

	private final Hubs hubs;

	private final Clock clock;

	private final Meters meters;

	private final StatusStore store;

	private final ApplicationEventPublisher events;

	StatusService(SignalRClient client, Hubs hubs, Clock clock, MeterRegistry meterRegistry, StatusStore store,
			ApplicationEventPublisher events) {
		this.client = client;
		this.hubs = hubs;
		this.clock = clock;
		this.meters = new Meters(meterRegistry);
		this.store = store;
		this.events = events;
	}

	/**
	 * Reserve, deliver, record: the store assigns the status its place in the order first
	 * (a store that cannot answer refuses before any client sees the status), the service
	 * delivers it, and only then is it recorded, so history never holds a status the
	 * service refused. Should the store fail between delivery and recording, the caller
	 * hears so (503): clients received it, history does not have it.
	 */
	StatusEvent broadcast(StatusRequest request) {
		StatusEvent event = event(request, this.store.nextSequence());
		try {
			publish("broadcast", () -> this.client.sendToAll(hub(), message(event), List.of()));
		}
		catch (SignalRPartialFailureException ex) {
			// Clients of the instances that took it saw it; history keeps it so the
			// others find it when they reconnect. The caller still hears 502.
			record(event);
			throw ex;
		}
		record(event);
		return event;
	}

	private void record(StatusEvent event) {
		try {
			this.store.record(event);
		}
		catch (StoreUnavailableException ex) {
			throw new StatusNotRecordedException(ex);
		}
	}

	/**
	 * Sends a status to one user; the inbox (when on) keeps it by the event's id until
	 * the user acknowledges it.
	 */
	StatusEvent sendToUser(String userId, StatusRequest request) {
		StatusEvent event = event(request, null);
		UserMessageSentEvent sent = new UserMessageSentEvent(hub(), userId, event.id(), message(event));
		try {
			publish("user", () -> this.client.sendToUser(hub(), userId, message(event)));
		}
		catch (SignalRPartialFailureException ex) {
			// Taken somewhere: the inbox keeps it for the user's other connections.
			this.events.publishEvent(sent);
			throw ex;
		}
		this.events.publishEvent(sent);
		return event;
	}

	StatusEvent sendToGroup(String group, StatusRequest request) {
		return targeted("group", request, (event) -> this.client.sendToGroup(hub(), group, message(event), List.of()));
	}

	StatusEvent sendToConnection(String connectionId, StatusRequest request) {
		return targeted("connection", request,
				(event) -> this.client.sendToConnection(hub(), connectionId, message(event)));
	}

	/**
	 * Sends the current status again, for clients that joined late; not recorded again.
	 */
	void rebroadcastCurrent() {
		StatusEvent event = this.store.current();
		publish("rebroadcast", () -> this.client.sendToAll(hub(), message(event), List.of()));
	}

	StatusEvent current() {
		return this.store.current();
	}

	List<StatusEvent> history(int limit) {
		return this.store.history(limit);
	}

	private StatusEvent targeted(String kind, StatusRequest request, Consumer<StatusEvent> send) {
		StatusEvent event = event(request, null);
		publish(kind, () -> send.accept(event));
		return event;
	}

	private void publish(String kind, Runnable send) {
		String outcome = "failure";
		try {
			send.run();
			outcome = "success";
		}
		finally {
			this.meters.counter("beacon.publish.events", "kind", "status." + kind, "outcome", outcome).increment();
		}
	}

	private StatusEvent event(StatusRequest request, @Nullable Long sequence) {
		return new StatusEvent(UUID.randomUUID().toString(), sequence, this.clock.instant(), request.status(),
				(request.message() != null) ? request.message() : "", request.details());
	}

	private String hub() {
		return this.hubs.defaultHub();
	}

	private static SignalRMessage message(StatusEvent event) {
		return SignalRMessage.of(TARGET, event);
	}

}
