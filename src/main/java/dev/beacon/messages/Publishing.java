package dev.beacon.messages;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import dev.beacon.protocol.ODataFilter;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRCommand;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRPartialFailureException;
import dev.beacon.restclient.UserMessageSentEvent;
import dev.beacon.system.Meters;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What the messages API does for each message and group change, alone or in a batch: the
 * client call, counted in {@code beacon.publish.events} by kind and outcome, and a
 * message to a user that any instance took announced as sent, so the inbox (when on)
 * keeps it.
 */
@Component
class Publishing {

	private final SignalRClient client;

	private final Meters meters;

	private final ApplicationEventPublisher events;

	Publishing(SignalRClient client, MeterRegistry meterRegistry, ApplicationEventPublisher events) {
		this.client = client;
		this.meters = new Meters(meterRegistry);
		this.events = events;
	}

	/** The message's id: the request's, or a generated one. */
	static String idOf(MessageRequest request) {
		return (request.id() != null) ? request.id() : UUID.randomUUID().toString();
	}

	/**
	 * Sends one message.
	 * @param hub the configured hub, lower-cased
	 * @param request the message, valid
	 * @param id its id
	 * @throws dev.beacon.restclient.SignalRException when the service did not take it
	 */
	void send(String hub, MessageRequest request, String id) {
		SignalRMessage message = new SignalRMessage(request.target(), request.argumentList());
		String userId = request.userId();
		String groupName = request.groupName();
		String connectionId = request.connectionId();
		if (userId != null) {
			UserMessageSentEvent sent = new UserMessageSentEvent(hub, userId, id, message);
			try {
				counted("message.user", () -> this.client.sendToUser(hub, userId, message));
			}
			catch (SignalRPartialFailureException ex) {
				// Taken by some instances: the inbox keeps it for the user's other
				// connections.
				this.events.publishEvent(sent);
				throw ex;
			}
			this.events.publishEvent(sent);
		}
		else if (groupName != null) {
			counted("message.group", () -> this.client.sendToGroup(hub, groupName, message, request.excludedList()));
		}
		else if (connectionId != null) {
			counted("message.connection", () -> this.client.sendToConnection(hub, connectionId, message));
		}
		else if (request.filter() != null) {
			ODataFilter filter = ODataFilter.parse(request.filter());
			counted("message.filter",
					() -> this.client.execute(hub, filter.text(), List.of(new SignalRCommand.SendMessage(message))));
		}
		else {
			counted("message.broadcast", () -> this.client.sendToAll(hub, message, request.excludedList()));
		}
	}

	void counted(String kind, Runnable call) {
		counted(kind, () -> {
			call.run();
			return null;
		});
	}

	<T> T counted(String kind, Supplier<T> call) {
		String outcome = "failure";
		try {
			T result = call.get();
			outcome = "success";
			return result;
		}
		finally {
			this.meters.counter("beacon.publish.events", "kind", kind, "outcome", outcome).increment();
		}
	}

}
