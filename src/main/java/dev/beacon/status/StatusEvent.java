package dev.beacon.status;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What clients receive as the single argument of {@code statusUpdate}.
 *
 * @param id unique per event, so a page can merge live events with history
 * @param sequence the broadcast's place in the one order every replica agrees on,
 * assigned by the store before it is sent; absent on statuses sent to one user, group or
 * connection, which are not recorded
 * @param timestamp when Beacon accepted the event (UTC)
 * @param status e.g. {@code operational}, {@code degraded}, {@code outage}
 * @param message human-readable text
 * @param details optional structured data
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(String id, @Nullable Long sequence, Instant timestamp, String status, String message,
		@Nullable Map<String, Object> details) {

}
