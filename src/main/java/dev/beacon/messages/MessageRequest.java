package dev.beacon.messages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/hubs/{hub}/messages}: the Azure Functions
 * {@code SignalRMessage} shape. At most one of {@code userId}, {@code groupName},
 * {@code connectionId}; none means every client of the hub.
 *
 * @param target the client-side method
 * @param arguments its arguments, any JSON
 * @param userId send to this user's connections
 * @param groupName send to this group
 * @param connectionId send to this connection
 * @param excluded connection IDs to skip (broadcast and group only)
 * @param id the message's id, for de-duplication and the inbox's acknowledgments; one is
 * generated when absent
 */
@ValidRecipients
record MessageRequest(@NotBlank @Size(max = 256) String target,
		@Nullable @Size(max = 100) List<@Nullable Object> arguments, @Nullable String userId,
		@Nullable String groupName, @Nullable String connectionId, @Nullable @Size(max = 1000) List<String> excluded,
		@Nullable @Size(min = 1, max = 128) String id) {

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
		if (count(this.userId) + count(this.groupName) + count(this.connectionId) > 1) {
			problems.add("at most one of userId, groupName and connectionId may be set");
		}
		if (!excludedList().isEmpty() && (this.userId != null || this.connectionId != null)) {
			problems.add("excluded applies only to a broadcast or a group");
		}
		return problems;
	}

	private static int count(@Nullable String value) {
		return (value != null) ? 1 : 0;
	}

}
