package dev.beacon.upstream;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Who invoked a hub method, from the upstream request's headers.
 *
 * @param hub the hub, lower-cased
 * @param connectionId the caller's connection
 * @param userId the caller's user, if the connection has one
 * @param claims the caller's token claims ({@code X-ASRS-User-Claims})
 * @param query the query of the caller's connect request ({@code X-ASRS-Client-Query})
 */
public record InvocationContext(String hub, String connectionId, @Nullable String userId,
		Map<String, List<String>> claims, Map<String, List<String>> query) {

}
