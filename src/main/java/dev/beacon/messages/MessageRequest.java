package dev.beacon.messages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.beacon.system.RefusesUnknownProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/hubs/{hub}/messages}: the Azure Functions
 * {@code SignalRMessage} shape. At most one of {@code userId}, {@code groupName},
 * {@code connectionId} and {@code filter}; none means every client of the hub. Names
 * match in any case, as the service and the Functions bindings match them
 * ({@code GroupName}, {@code UserId}: what .NET code writes); any other property is
 * refused, so a recipient spelt wrong can never turn the message into a broadcast.
 *
 * @param target the client-side method
 * @param arguments its arguments, any JSON
 * @param userId send to this user's connections
 * @param groupName send to this group
 * @param connectionId send to this connection
 * @param excluded connection IDs to skip (broadcast and group only)
 * @param id the message's id, for de-duplication and the inbox's acknowledgments; one is
 * generated when absent
 * @param filter send to the connections this OData filter selects
 * ({@code 'ops' in groups and userId ne 'bot'}), through the service's {@code :execute}
 * @param endpoints the Functions binding's choice of service instances: accepted only
 * empty or null (as .NET serialises an unset one), since Beacon sends every message to
 * every configured instance
 */
@ValidRecipients
@RefusesUnknownProperties(ignoreCase = true)
@Schema(description = "The Azure Functions SignalRMessage shape. Names match in any case (GroupName, UserId, "
		+ "ConnectionId, Target, Arguments, Excluded as .NET writes them); any other property, or one given twice, "
		+ "is refused with 400 naming it, so a misspelt recipient is never dropped",
		additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record MessageRequest(@NotBlank @Size(max = 256) String target,
		@Nullable @Size(max = 100) List<@Nullable Object> arguments, @Nullable String userId,
		@Nullable String groupName, @Nullable String connectionId, @Nullable @Size(max = 1000) List<String> excluded,
		@Nullable @Size(min = 1, max = 128) String id, @Nullable String filter,
		@Nullable @Size(max = 0, message = NO_ENDPOINTS) List<@Nullable Object> endpoints) {

	static final String NO_ENDPOINTS = "choosing service instances per message is not supported: "
			+ "Beacon sends every message to every configured instance";

	List<Object> argumentList() {
		return (this.arguments != null) ? Collections.unmodifiableList(this.arguments) : List.of();
	}

	List<String> excludedList() {
		return (this.excluded != null) ? this.excluded : List.of();
	}

	/**
	 * What is wrong with the recipients, if anything.
	 * @return one line per problem
	 */
	List<String> recipientProblems() {
		List<String> problems = new ArrayList<>();
		if (count(this.userId) + count(this.groupName) + count(this.connectionId) + count(this.filter) > 1) {
			problems.add("at most one of userId, groupName, connectionId and filter may be set");
		}
		if (!excludedList().isEmpty() && (this.userId != null || this.connectionId != null || this.filter != null)) {
			problems.add("excluded applies only to a broadcast or a group");
		}
		return problems;
	}

	private static int count(@Nullable String value) {
		return (value != null) ? 1 : 0;
	}

}
