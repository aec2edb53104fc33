package dev.beacon.endpoint;

import java.net.URI;

import dev.beacon.protocol.Names;

/**
 * Where SignalR Service is and how to sign for it, parsed once from the connection
 * string.
 *
 * @param endpoint the service URI ({@code Endpoint} with {@code Port} applied), no
 * trailing slash
 * @param clientEndpoint where browsers connect ({@code ClientEndpoint}, else the
 * endpoint)
 * @param serverEndpoint where REST calls go ({@code ServerEndpoint}, else the endpoint)
 * @param credential how Beacon authenticates to this endpoint
 * @param version the connection-string version, {@code 1.0} when absent
 */
public record ServiceEndpoint(URI endpoint, URI clientEndpoint, URI serverEndpoint, ServiceCredential credential,
		String version) {

	/**
	 * The URL a client is redirected to for a hub: {@code {client
	 * endpoint}/client/?hub=}.
	 * @param hub the hub, validated and lower-cased here
	 * @return the client URL
	 */
	public String clientUrl(String hub) {
		return base(this.clientEndpoint) + "/client/?hub=" + Names.hub(hub);
	}

	/**
	 * The audience base the Microsoft SDK uses for REST tokens: scheme and host of the
	 * endpoint, without port or path, e.g. {@code https://foo.service.signalr.net}.
	 * @return the audience base without a trailing slash
	 */
	public String audienceBase() {
		return this.endpoint.getScheme() + "://" + this.endpoint.getHost();
	}

	/**
	 * The base URL of the data-plane REST API.
	 * @return the server endpoint without a trailing slash
	 */
	public String serverBase() {
		return base(this.serverEndpoint);
	}

	private static String base(URI uri) {
		String text = uri.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

	@Override
	public String toString() {
		return "ServiceEndpoint[endpoint=" + this.endpoint + ", clientEndpoint=" + this.clientEndpoint
				+ ", serverEndpoint=" + this.serverEndpoint + ", version=" + this.version + "]";
	}

}
