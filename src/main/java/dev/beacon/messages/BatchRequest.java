package dev.beacon.messages;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/hubs/{hub}/messages:batch}: 1 to {@value #MAX_MESSAGES}
 * messages, each in the shape and under the rules of {@code POST .../messages}.
 *
 * @param messages the messages, sent in no particular order but answered in this one
 */
record BatchRequest(
		@NotNull @Size(min = 1, max = MAX_MESSAGES) @Nullable List<@NotNull @Valid MessageRequest> messages) {

	static final int MAX_MESSAGES = 1000;

}
