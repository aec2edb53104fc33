package dev.beacon.messages;

import java.util.List;

import dev.beacon.system.RefusesUnknownProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/hubs/{hub}/commands}: commands for every connection a filter
 * selects. The filter is required: {@code "true"} selects every connection, so a command
 * to the whole hub is never an accident of a missing property.
 *
 * @param filter the OData filter ({@code 'ops' in groups and userId ne 'bot'})
 * @param commands 1 to {@value #MAX_COMMANDS} commands, applied in order
 */
@RefusesUnknownProperties
@Schema(description = "Names match exactly; any other property is refused with 400",
		additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record CommandsRequest(@NotBlank @Size(max = 8192) @Nullable String filter,
		@NotNull @Size(min = 1, max = MAX_COMMANDS) @Nullable List<@NotNull @Valid CommandRequest> commands) {

	static final int MAX_COMMANDS = 100;

}
