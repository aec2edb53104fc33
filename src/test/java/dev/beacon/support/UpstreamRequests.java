package dev.beacon.support;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.beacon.credential.AccessKey;
import org.jspecify.annotations.Nullable;

/**
 * What SignalR Service posts to Beacon's upstream endpoint for a hub's event, for tests
 * that play the service: the {@code X-ASRS-*} headers written out here rather than taken
 * from Beacon's own constants, and the signature computed for the connection with the
 * service's access key.
 */
public final class UpstreamRequests {

	/** Beacon's upstream endpoint. */
	public static final String PATH = "/runtime/webhooks/signalr";

	private UpstreamRequests() {
	}

	/**
	 * A JSON event's request to Beacon; the method and body are the caller's.
	 * @param beacon the Beacon it goes to
	 * @param accessKey the key the service signs with
	 * @param hub the hub
	 * @param category {@code connections} or {@code messages}
	 * @param event the event, such as {@code connected} or a hub method's name
	 * @param connectionId the connection it comes from
	 * @param userId the connection's user, or null for an anonymous connection
	 * @return the request
	 */
	public static HttpRequest.Builder request(BeaconHttp beacon, String accessKey, String hub, String category,
			String event, String connectionId, @Nullable String userId) {
		return headers(beacon.request(PATH).header("Content-Type", "application/json"), accessKey, hub, category, event,
				connectionId, userId);
	}

	/**
	 * Adds an event's headers, signature included, to a request the test builds itself.
	 * @param request the request
	 * @param accessKey the key the service signs with
	 * @param hub the hub
	 * @param category {@code connections} or {@code messages}
	 * @param event the event
	 * @param connectionId the connection it comes from
	 * @param userId the connection's user, or null to leave the header out
	 * @return the same request
	 */
	public static HttpRequest.Builder headers(HttpRequest.Builder request, String accessKey, String hub,
			String category, String event, String connectionId, @Nullable String userId) {
		request.header("X-ASRS-Connection-Id", connectionId)
			.header("X-ASRS-Hub", hub)
			.header("X-ASRS-Category", category)
			.header("X-ASRS-Event", event)
			.header("X-ASRS-Signature", new AccessKey(accessKey).upstreamSignature(connectionId));
		if (userId != null) {
			request.header("X-ASRS-User-Id", userId);
		}
		return request;
	}

	/**
	 * Posts a connection's {@code connected} event (body {@code {"type":10}}) or
	 * {@code disconnected} event (body {@code {"type":11}}).
	 * @param beacon the Beacon it goes to
	 * @param accessKey the key the service signs with
	 * @param hub the hub
	 * @param event {@code connected} or {@code disconnected}
	 * @param connectionId the connection
	 * @param userId the connection's user, or null for an anonymous connection
	 * @return Beacon's answer
	 */
	public static HttpResponse<String> connectionEvent(BeaconHttp beacon, String accessKey, String hub, String event,
			String connectionId, @Nullable String userId) {
		String body = event.equals("connected") ? "{\"type\":10}" : "{\"type\":11}";
		return beacon.send(request(beacon, accessKey, hub, "connections", event, connectionId, userId)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

}
