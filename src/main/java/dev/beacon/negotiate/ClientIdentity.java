package dev.beacon.negotiate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Who is negotiating, as far as Beacon can tell.
 *
 * @param userId the user ID for {@code nameid}, or null for an anonymous connection
 * @param name the display name for {@code unique_name}, or null
 * @param roles roles for {@code role} claims
 */
public record ClientIdentity(@Nullable String userId, @Nullable String name, List<String> roles) {

	public static final ClientIdentity ANONYMOUS = new ClientIdentity(null, null, List.of());

}
