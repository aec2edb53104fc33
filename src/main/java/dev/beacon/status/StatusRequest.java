package dev.beacon.status;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/status...}.
 *
 * @param status required, 1 to 64 characters
 * @param message up to 4 KiB of text
 * @param details optional structured data passed through to clients
 */
record StatusRequest(@NotBlank @Size(max = 64) String status, @Size(max = 4096) @Nullable String message,
		@Nullable Map<String, Object> details) {

}
