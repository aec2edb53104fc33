package dev.beacon.inbox;

import java.util.ArrayList;
import java.util.List;

import dev.beacon.upstream.HubException;
import dev.beacon.upstream.HubMethod;
import dev.beacon.upstream.InvocationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code ack}, on every hub: the caller's connection acknowledges one message id or a
 * list of them, from its own inbox only: the user comes from the signed upstream request,
 * never from the arguments. Answers how many were pending.
 */
class InboxHubMethods {

	static final int MAX_IDS = 1000;

	private final InboxService inbox;

	InboxHubMethods(InboxService inbox) {
		this.inbox = inbox;
	}

	@HubMethod(hub = HubMethod.EVERY_HUB, name = "ack")
	int ack(InvocationContext caller, JsonNode ids) {
		if (!this.inbox.enabled()) {
			throw new HubException("the inbox is not enabled on this server");
		}
		if (caller.userId() == null) {
			throw new HubException("ack needs a user: this connection is anonymous");
		}
		return this.inbox.acknowledge(caller.hub(), caller.userId(), ids(ids));
	}

	private static List<String> ids(JsonNode ids) {
		List<String> list = new ArrayList<>();
		if (ids.isString()) {
			list.add(ids.asString());
		}
		else if (ids.isArray() && ids.size() <= MAX_IDS) {
			for (JsonNode id : ids) {
				if (!id.isString()) {
					throw new HubException("ack takes an id or a list of ids (strings)");
				}
				list.add(id.asString());
			}
		}
		else {
			throw new HubException("ack takes an id or a list of at most " + MAX_IDS + " ids (strings)");
		}
		return list;
	}

}
