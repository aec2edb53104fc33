package dev.beacon.messages;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to {@code POST /api/hubs/{hub}/messages}.
 *
 * @param id the message's id: the request's, or the one generated for it
 */
record MessageAccepted(
		@Schema(description = "The message's id: the request's, or the one generated for it") String id) {
}
