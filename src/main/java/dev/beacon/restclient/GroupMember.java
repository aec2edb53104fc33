package dev.beacon.restclient;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One connection in a group, as the service lists it.
 *
 * @param connectionId the connection
 * @param userId its user, null for an anonymous connection
 */
public record GroupMember(String connectionId, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String userId) {

}
