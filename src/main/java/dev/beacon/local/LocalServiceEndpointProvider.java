package dev.beacon.local;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

import dev.beacon.endpoint.AccessKey;
import dev.beacon.endpoint.AccessKeyCredential;
import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.ServiceUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Local mode: clients go to the local service at the origin they reached Beacon on (so
 * any host or port mapping works), and Beacon's own REST client calls it over real HTTP
 * on loopback, once the server's port is known.
 */
class LocalServiceEndpointProvider implements ServiceEndpointProvider, ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(LocalServiceEndpointProvider.class);

	private final AccessKey accessKey;

	private final String pathPrefix;

	private volatile ServiceEndpoint server;

	LocalServiceEndpointProvider(LocalProperties properties) {
		this.accessKey = new AccessKey((properties.accessKey() != null) ? properties.accessKey() : randomKey());
		this.pathPrefix = properties.pathPrefix();
		logger.warn("No Azure SignalR connection string is configured: Beacon runs in local mode with its embedded "
				+ "SignalR service at " + this.pathPrefix + " (development and tests, one node). Production needs "
				+ "beacon.signalr.connection-string (or AzureSignalRConnectionString).");
	}

	private static String randomKey() {
		byte[] bytes = new byte[33];
		new SecureRandom().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	AccessKey accessKey() {
		return this.accessKey;
	}

	String pathPrefix() {
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
