package dev.beacon.messages;

import java.util.List;

import dev.beacon.system.RefusesUnknownProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/hubs/{hub}/messages:batch}: 1 to {@value #MAX_MESSAGES}
 * messages, each in the shape and under the rules of {@code POST .../messages}. No other
 * property is taken.
 *
 * @param messages the messages, sent in no particular order but answered in this one
 */
@RefusesUnknownProperties
@Schema(description = "Names match exactly; any other property is refused with 400",
		additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record BatchRequest(
		@NotNull @Size(min = 1, max = MAX_MESSAGES) @Nullable List<@NotNull @Valid MessageRequest> messages) {

	static final int MAX_MESSAGES = 1000;

}
