package dev.beacon.endpoint;

import java.net.URI;

import dev.beacon.protocol.Names;
import dev.beacon.credential.ServiceCredential;

/**
 * Where one SignalR Service instance is and how to sign for it, parsed once from its
 * connection string.
 *
 * @param endpoint the service URI ({@code Endpoint} with {@code Port} applied), no
 * trailing slash
 * @param clientEndpoint where browsers connect ({@code ClientEndpoint}, else the
 * endpoint)
 * @param serverEndpoint where REST calls go ({@code ServerEndpoint}, else the endpoint)
 * @param credential how Beacon authenticates to this endpoint
 * @param version the connection-string version, {@code 1.0} when absent
 * @param name the endpoint's name among several ({@value #DEFAULT_NAME} for the single
 * connection string), in health, metrics and errors
 * @param type primary or secondary
 */
public record ServiceEndpoint(URI endpoint, URI clientEndpoint, URI serverEndpoint, ServiceCredential credential,
		String version, String name, EndpointType type) {

	/** The name of the one endpoint of a single connection string. */
	public static final String DEFAULT_NAME = "default";

	public ServiceEndpoint(URI endpoint, URI clientEndpoint, URI serverEndpoint, ServiceCredential credential,
			String version) {
		this(endpoint, clientEndpoint, serverEndpoint, credential, version, DEFAULT_NAME, EndpointType.PRIMARY);
	}

	/**
	 * This endpoint under a name and type, as one of several.
	 * @param name the name
	 * @param type the type
	 * @return the named endpoint
	 */
	public ServiceEndpoint named(String name, EndpointType type) {
		return new ServiceEndpoint(this.endpoint, this.clientEndpoint, this.serverEndpoint, this.credential,
				this.version, name, type);
	}

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
		return "ServiceEndpoint[name=" + this.name + ", type=" + this.type + ", endpoint=" + this.endpoint
				+ ", clientEndpoint=" + this.clientEndpoint + ", serverEndpoint=" + this.serverEndpoint + ", version="
				+ this.version + "]";
	}

}
