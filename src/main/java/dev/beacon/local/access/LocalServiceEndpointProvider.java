package dev.beacon.local.access;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

import dev.beacon.credential.AccessKey;
import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.system.ServiceUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Local mode: clients go to the local service at the origin they reached Beacon on (so
 * any host or port mapping works), and Beacon's own REST client calls it over real HTTP
 * on loopback, once the server's port is known.
 */
public class LocalServiceEndpointProvider
		implements ServiceEndpointProvider, ApplicationListener<WebServerInitializedEvent> {

	/** Where the local service lives inside Beacon unless configured otherwise. */
	public static final String DEFAULT_PATH_PREFIX = "/local";

	private final AccessKey accessKey;

	private final String pathPrefix;

	private volatile @Nullable ServiceEndpoint server;

	/**
	 * Creates the provider.
	 * @param accessKey the key tokens are signed with, or null for a random one per start
	 * @param pathPrefix where the service lives inside Beacon
	 */
	public LocalServiceEndpointProvider(@Nullable String accessKey, String pathPrefix) {
		this.accessKey = new AccessKey((accessKey != null) ? accessKey : randomKey());
		this.pathPrefix = pathPrefix;
	}

	private static String randomKey() {
		byte[] bytes = new byte[33];
		new SecureRandom().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	public AccessKey accessKey() {
		return this.accessKey;
	}

	public String pathPrefix() {
		return this.pathPrefix;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			URI base = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + this.pathPrefix);
			this.server = new ServiceEndpoint(base, base, base, new AccessKeyCredential(this.accessKey), "1.0");
		}
	}

	@Override
	public BeaconMode mode() {
		return BeaconMode.LOCAL;
	}

	@Override
	public ServiceEndpoint forClient(URI requestOrigin) {
		URI base = URI.create(requestOrigin.toString().replaceAll("/$", "") + this.pathPrefix);
		return new ServiceEndpoint(base, base, base, new AccessKeyCredential(this.accessKey), "1.0");
	}

	@Override
	public ServiceEndpoint forServer() {
		ServiceEndpoint endpoint = this.server;
		if (endpoint == null) {
			throw new ServiceUnavailableException("The local SignalR service is not listening yet");
		}
		return endpoint;
	}

}
