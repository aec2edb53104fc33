package dev.beacon.inbox;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One message kept for a user.
 *
 * @param id what the user acknowledges it by
 * @param target the client-side method it invokes
 * @param arguments its arguments, as sent
 * @param createdAt when it was sent
 * @param expiresAt when it is dropped if not acknowledged
 */
public record InboxMessage(String id, String target, List<? extends @Nullable Object> arguments, Instant createdAt,
		Instant expiresAt) {

}
