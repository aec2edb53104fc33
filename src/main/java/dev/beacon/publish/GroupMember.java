package dev.beacon.publish;

import org.jspecify.annotations.Nullable;

/**
 * One connection in a group, as the service lists it.
 *
 * @param connectionId the connection
 * @param userId its user, null for an anonymous connection
 */
public record GroupMember(String connectionId, @Nullable String userId) {

}
