package dev.beacon.status;

import java.util.Map;

import dev.beacon.system.RefusesUnknownProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/status...}. The recipient is in the path; any property other
 * than these three is refused (a {@code userId} here would otherwise be dropped and the
 * status broadcast).
 *
 * @param status required, 1 to 64 characters
 * @param message up to 4 KiB of text
 * @param details optional structured data passed through to clients
 */
@RefusesUnknownProperties
@Schema(description = "Names match exactly; any other property (a recipient belongs in the path), or one given "
		+ "twice, is refused with 400 naming it", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record StatusRequest(@NotBlank @Size(max = 64) String status, @Size(max = 4096) @Nullable String message,
		@Nullable Map<String, Object> details) {

}
