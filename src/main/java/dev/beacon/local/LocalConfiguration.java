package dev.beacon.local;

import java.time.Clock;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ConditionalOnBeaconMode;
import dev.beacon.local.access.LocalAuthenticationInterceptor;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.access.LocalTokens;
import dev.beacon.local.client.ClientSettings;
import dev.beacon.local.client.LocalWebSocketHandler;
import dev.beacon.local.client.PendingConnections;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.upstream.ConnectionQueues;
import dev.beacon.local.upstream.HttpLocalUpstream;
import dev.beacon.protocol.HubProtocols;
import dev.beacon.store.StoreProperties;
import dev.beacon.upstream.UpstreamProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The local service's parts, present only in local mode (no connection string), wired
 * from its settings: access (keys and tokens), hub (state and dispatch), client
 * (transports), rest (the data-plane API) and upstream (posting client events).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBeaconMode(BeaconMode.LOCAL)
class LocalConfiguration {

	private static final Log logger = LogFactory.getLog(LocalConfiguration.class);

	@Bean
	LocalServiceEndpointProvider localServiceEndpointProvider(LocalProperties properties, StoreProperties store) {
		logger.warn("No Azure SignalR connection string is configured: Beacon runs in local mode with its embedded "
				+ "SignalR service at " + properties.pathPrefix() + " (development and tests, one node"
				+ (store.isRedis() ? "; the Redis store keeps status history across restarts, but clients of "
						+ "another replica's embedded service do not receive this one's messages" : "")
				+ "). Production needs beacon.signalr.connection-string (or AzureSignalRConnectionString).");
		return new LocalServiceEndpointProvider(properties.accessKey(), properties.pathPrefix());
	}

	@Bean
	HubProtocols hubProtocols(JsonMapper jsonMapper) {
		return new HubProtocols(jsonMapper);
	}

	@Bean
	ConnectionQueues upstreamQueues() {
		return new ConnectionQueues();
	}

	@Bean
	HttpLocalUpstream localUpstream(LocalServiceEndpointProvider endpoints, JsonMapper jsonMapper,
			ConnectionQueues upstreamQueues, MeterRegistry meterRegistry, LocalProperties properties,
			UpstreamProperties upstream) {
		String template = properties.upstream().urlTemplate();
		String urlTemplate = (template != null) ? template : "http://127.0.0.1:{port}" + upstream.path();
		return new HttpLocalUpstream(endpoints, urlTemplate, jsonMapper, upstreamQueues, meterRegistry);
	}

	@Bean
	LocalHubs localHubs(Clock clock, HttpLocalUpstream upstream, MeterRegistry meterRegistry) {
		LocalHubs hubs = new LocalHubs(clock, (connection) -> upstream.disconnected(connection, connection.endError()));
		meterRegistry.gauge("beacon.local.connections", hubs, (registry) -> registry.all().size());
		return hubs;
	}

	@Bean
	LocalTokens localTokens(LocalServiceEndpointProvider endpoints) {
		return new LocalTokens(endpoints);
	}

	@Bean
	WebMvcConfigurer localAuthentication(LocalTokens tokens, LocalProperties properties) {
		LocalAuthenticationInterceptor interceptor = new LocalAuthenticationInterceptor(tokens,
				properties.pathPrefix());
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns(properties.pathPrefix() + "/**");
			}

		};
	}

	@Bean
	ConnectionDispatcher connectionDispatcher(LocalHubs hubs, HubProtocols protocols, HttpLocalUpstream upstream) {
		return new ConnectionDispatcher(hubs, protocols, upstream);
	}

	@Bean
	PendingConnections pendingConnections() {
		return new PendingConnections();
	}

	@Bean
	ClientSettings clientSettings(LocalProperties properties) {
		return new ClientSettings(properties.outboundBufferSize());
	}

	@Bean
	LocalWebSocketHandler localWebSocketHandler(LocalHubs hubs, ConnectionDispatcher dispatcher,
			ClientSettings settings) {
		return new LocalWebSocketHandler(hubs, dispatcher, settings.outboundBufferSize());
	}

	@Bean
	WebSocketHttpRequestHandler localWebSocketRequestHandler(LocalWebSocketHandler handler) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		requestHandler.getHandshakeInterceptors().add(handler);
		return requestHandler;
	}

	@Bean
	LocalLifecycle localLifecycle(LocalHubs hubs, ConnectionDispatcher dispatcher, PendingConnections pending,
			LocalProperties properties) {
		return new LocalLifecycle(hubs, dispatcher, pending, properties);
	}

	@Bean
	HealthIndicator localServiceHealthIndicator(LocalHubs hubs, LocalProperties properties) {
		return () -> Health.up()
			.withDetail("mode", "local")
			.withDetail("pathPrefix", properties.pathPrefix())
			.withDetail("connections", hubs.all().size())
			.build();
	}

}
