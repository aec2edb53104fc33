package dev.beacon.restclient;

/**
 * A message addressed to one user that the service accepted, published as a Spring
 * application event by whoever sent it (for the inbox, and for users' own listeners). A
 * listener that throws fails the request that sent it, after the message was delivered.
 *
 * @param hub the hub, lower-cased
 * @param userId the user
 * @param id the message's id: a status event's own, or a generic message's
 * @param message what was sent
 */
public record UserMessageSentEvent(String hub, String userId, String id, SignalRMessage message) {

	public UserMessageSentEvent {
		if (id.isBlank()) {
			throw new IllegalArgumentException("id must not be blank");
		}
	}

}
