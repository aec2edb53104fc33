package dev.beacon.messages;

import java.util.Collections;
import java.util.List;

import dev.beacon.restclient.SignalRMessage;
import dev.beacon.system.RefusesUnknownProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A method for clients to run: the body of a client-result invocation and the message of
 * a {@code SendMessage} command. Names match in any case, as in a message.
 *
 * @param target the client-side method
 * @param arguments its arguments, any JSON
 */
@RefusesUnknownProperties(ignoreCase = true)
@Schema(description = "A client method and its arguments; names match in any case, any other property is refused",
		additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record InvokeRequest(@NotBlank @Size(max = 256) String target,
		@Nullable @Size(max = 100) List<@Nullable Object> arguments) {

	SignalRMessage message() {
		return new SignalRMessage(this.target,
				(this.arguments != null) ? Collections.unmodifiableList(this.arguments) : List.of());
	}

}
