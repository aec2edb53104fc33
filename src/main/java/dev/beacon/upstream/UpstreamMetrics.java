package dev.beacon.upstream;

import java.util.Locale;

import dev.beacon.endpoint.Hubs;
import dev.beacon.endpoint.UnknownHubException;
import dev.beacon.protocol.UpstreamHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@code beacon.upstream.events} by hub, category, event and outcome. Tag values come
 * from request headers, so anything but a configured hub and a known category and event
 * is counted as {@code unknown}: a caller cannot grow the metric without bound.
 */
final class UpstreamMetrics {

	private final MeterRegistry meterRegistry;

	private final Hubs hubs;

	UpstreamMetrics(MeterRegistry meterRegistry, Hubs hubs) {
		this.meterRegistry = meterRegistry;
		this.hubs = hubs;
	}

	void count(@Nullable String hub, @Nullable String category, @Nullable String event, String outcome) {
		String knownCategory = (category != null
				&& (UpstreamHeaders.CONNECTIONS.equals(category) || UpstreamHeaders.MESSAGES.equals(category)))
						? category : "unknown";
		String knownEvent = switch (knownCategory) {
			case UpstreamHeaders.MESSAGES -> "invocation";
			case UpstreamHeaders.CONNECTIONS -> (event != null && (UpstreamHeaders.CONNECTED.equalsIgnoreCase(event)
					|| UpstreamHeaders.DISCONNECTED.equalsIgnoreCase(event))) ? event.toLowerCase(Locale.ROOT)
							: "unknown";
			default -> "unknown";
		};
		this.meterRegistry
			.counter("beacon.upstream.events", "hub", knownHub(hub), "category", knownCategory, "event", knownEvent,
					"outcome", outcome)
			.increment();
	}

	private String knownHub(@Nullable String hub) {
		try {
			return this.hubs.require((hub != null) ? hub.strip() : "");
		}
		catch (UnknownHubException ex) {
			return "unknown";
		}
	}

}
