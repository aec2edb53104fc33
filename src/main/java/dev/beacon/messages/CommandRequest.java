package dev.beacon.messages;

import dev.beacon.protocol.Names;
import dev.beacon.restclient.SignalRCommand;
import dev.beacon.system.RefusesUnknownProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * One command, as the service's {@code SignalRCommand}: {@code SendMessage} with a
 * {@code message}, {@code JoinGroup} or {@code LeaveGroup} with a {@code group},
 * {@code CloseConnection} with an optional {@code reason}; a property another type takes
 * is refused.
 *
 * @param type the command
 * @param message what {@code SendMessage} sends
 * @param group the group of {@code JoinGroup} and {@code LeaveGroup}
 * @param reason why {@code CloseConnection} closes
 */
@RefusesUnknownProperties
@Schema(description = "SendMessage (message), JoinGroup or LeaveGroup (group), CloseConnection (reason, optional)",
		additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record CommandRequest(@NotNull @Nullable Type type, @Nullable @Valid InvokeRequest message,
		@Nullable @Size(min = 1, max = Names.MAX_GROUP_LENGTH) String group,
		@Nullable @Size(max = 1024) String reason) {

	@AssertTrue(message = "SendMessage takes message (and nothing else), JoinGroup and LeaveGroup take group, "
			+ "CloseConnection takes an optional reason")
	boolean isComplete() {
		if (this.type == null) {
			return true;
		}
		return switch (this.type) {
			case SendMessage -> this.message != null && this.group == null && this.reason == null;
			case JoinGroup, LeaveGroup -> this.group != null && this.message == null && this.reason == null;
			case CloseConnection -> this.message == null && this.group == null;
		};
	}

	SignalRCommand command() {
		return switch (this.type) {
			case SendMessage -> new SignalRCommand.SendMessage(validated(this.message).message());
			case JoinGroup -> new SignalRCommand.JoinGroup(Names.group(validated(this.group)));
			case LeaveGroup -> new SignalRCommand.LeaveGroup(Names.group(validated(this.group)));
			case CloseConnection -> new SignalRCommand.CloseConnection(this.reason);
			case null -> throw new IllegalStateException("validated before");
		};
	}

	// isComplete() held: the type's own property is there
	private static <T> T validated(@Nullable T property) {
		if (property == null) {
			throw new IllegalStateException("validated before");
		}
		return property;
	}

	/** The service's command types, spelt as its Swagger spells them. */
	enum Type {

		SendMessage, JoinGroup, LeaveGroup, CloseConnection

	}

}
