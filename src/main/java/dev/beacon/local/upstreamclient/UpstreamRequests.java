package dev.beacon.local.upstreamclient;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.UpstreamHeaders;

/**
 * The upstream request of one event, as Azure SignalR Service sends it in serverless
 * mode: the URL from {@code beacon.local.upstream.url-template} (the hub, category and
 * event escaped, dots included, into {@code {hub}}, {@code {category}} and
 * {@code {event}}, Beacon's own port into {@code {port}}, asked of the local service only
 * when the template has it), the {@code X-ASRS-*} headers and a signature made with the
 * local key.
 */
final class UpstreamRequests {

	private final String template;

	private final LocalServiceEndpointProvider endpoints;

	UpstreamRequests(String template, LocalServiceEndpointProvider endpoints) {
		this.template = template;
		this.endpoints = endpoints;
	}

	URI url(String hub, String category, String event) {
		String url = this.template;
		if (url.contains("{port}")) {
			url = url.replace("{port}", String.valueOf(this.endpoints.forServer().endpoint().getPort()));
		}
		return URI.create(url.replace("{hub}", escape(hub))
			.replace("{category}", escape(category))
			.replace("{event}", escape(event)));
	}

	/**
	 * A value as one path segment. URLEncoder leaves dots alone, so a client's target of
	 * ".." took the request to the template's parent path; dots are escaped too, and a
	 * value that is a dot segment is refused, as servers (Tomcat among them) decode
	 * {@code %2E} before they remove dot segments.
	 */
	private static String escape(String value) {
		if (value.equals(".") || value.equals("..")) {
			throw new IllegalArgumentException("'" + value + "' cannot be carried in the upstream URL");
		}
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace(".", "%2E");
	}

	/**
	 * The request for one event to {@code url}: an invocation in the client's protocol,
	 * JSON or MessagePack, as Azure does; connection events always JSON.
	 */
	HttpRequest.Builder request(URI url, LocalConnection.ConnectionInfo info, String category, String event,
			HubPayload body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(Duration.ofSeconds(100))
			.header("Content-Type", (body instanceof HubPayload.Binary) ? "application/x-msgpack" : "application/json")
			.header(UpstreamHeaders.CONNECTION_ID, info.connectionId())
			.header(UpstreamHeaders.HUB, info.hub())
			.header(UpstreamHeaders.CATEGORY, category)
			.header(UpstreamHeaders.EVENT, event)
			.header(UpstreamHeaders.CLIENT_QUERY, info.query())
			.header(UpstreamHeaders.SIGNATURE, this.endpoints.accessKey().upstreamSignature(info.connectionId()))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
		if (info.userId() != null) {
			request.header(UpstreamHeaders.USER_ID, info.userId());
		}
		String claims = UpstreamHeaders.claims(info.claims());
		if (!claims.isEmpty()) {
			request.header(UpstreamHeaders.USER_CLAIMS, claims);
		}
		return request;
	}

}
