package dev.beacon.local;

import java.time.Clock;
import java.time.Duration;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.local.access.LocalAuthenticationInterceptor;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.access.LocalTokens;
import dev.beacon.local.client.ClientControllers;
import dev.beacon.local.client.ClientSettings;
import dev.beacon.local.client.LocalWebSocketHandler;
import dev.beacon.local.client.PendingConnections;
import dev.beacon.local.cluster.ClusterRegistrar;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalHubOperations;
import dev.beacon.local.hub.LocalHubs;
import dev.beacon.local.rest.LocalRestControllers;
import dev.beacon.local.upstreamclient.ConnectionQueues;
import dev.beacon.local.upstreamclient.HttpLocalUpstream;
import dev.beacon.protocol.HubProtocols;
import dev.beacon.store.StoreProperties;
import dev.beacon.store.StoreRegistrar;
import dev.beacon.upstream.UpstreamProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The local service's parts, registered only in local mode (no connection string), wired
 * from its settings: access (keys and tokens), hub (state and dispatch), client
 * (transports), rest (the data-plane API) and upstream (posting client events). A
 * registrar rather than a condition: Spring AOT fixes conditions and scanning when the
 * image is built, while the code it generates runs this again at every start with that
 * run's settings, so one image serves both modes. Public only because the code Spring AOT
 * generates creates it.
 */
public class LocalServiceRegistrar implements BeanRegistrar {

	private static final Log logger = LogFactory.getLog(LocalServiceRegistrar.class);

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (BeaconMode.of(environment) != BeaconMode.LOCAL) {
			return;
		}
		registerAccess(registry);
		registerHub(registry);
		if (StoreRegistrar.isRedis(environment)) {
			registry.register(new ClusterRegistrar());
		}
		registerClient(registry);
		registry.register(new LocalRestControllers());
		registry.registerBean("localLifecycle", LocalLifecycle.class, (spec) -> spec.supplier((context) -> {
			LocalProperties properties = context.bean(LocalProperties.class);
			Duration window = (properties.drainWindow() != null) ? properties.drainWindow()
					: StoreRegistrar.isRedis(environment) ? Duration.ofSeconds(10) : Duration.ZERO;
			return new LocalLifecycle(context.bean(LocalHubs.class), context.bean(ConnectionDispatcher.class),
					context.bean(PendingConnections.class), properties, window);
		}));
		registry.registerBean("localServiceHealthIndicator", HealthIndicator.class, (spec) -> spec
			.supplier((context) -> health(context.bean(LocalHubs.class), context.bean(LocalProperties.class))));
	}

	private static void registerAccess(BeanRegistry registry) {
		registry.registerBean("localServiceEndpointProvider", LocalServiceEndpointProvider.class,
				(spec) -> spec.supplier((context) -> endpointProvider(context.bean(LocalProperties.class),
						context.bean(StoreProperties.class))));
		registry.registerBean("localTokens", LocalTokens.class,
				(spec) -> spec.supplier((context) -> new LocalTokens(context.bean(LocalServiceEndpointProvider.class),
						context.bean(Clock.class))));
		registry.registerBean("localAuthentication", WebMvcConfigurer.class, (spec) -> spec.supplier(
				(context) -> authentication(context.bean(LocalTokens.class), context.bean(LocalProperties.class))));
	}

	private static void registerHub(BeanRegistry registry) {
		registry.registerBean("hubProtocols", HubProtocols.class,
				(spec) -> spec.supplier((context) -> new HubProtocols(context.bean(JsonMapper.class))));
		registry.registerBean("upstreamQueues", ConnectionQueues.class,
				(spec) -> spec.supplier((context) -> new ConnectionQueues()));
		registry.registerBean("localUpstream", HttpLocalUpstream.class, (spec) -> spec.supplier((context) -> {
			LocalProperties properties = context.bean(LocalProperties.class);
			String template = properties.upstream().urlTemplate();
			String urlTemplate = (template != null) ? template
					: "http://127.0.0.1:{port}" + context.bean(UpstreamProperties.class).path();
			return new HttpLocalUpstream(context.bean(LocalServiceEndpointProvider.class), urlTemplate,
					properties.maxQueuedInvocations(), context.bean(JsonMapper.class),
					context.bean(ConnectionQueues.class), context.bean(MeterRegistry.class),
					context.beanProvider(Tracer.class).getIfAvailable(() -> Tracer.NOOP),
					context.beanProvider(Propagator.class).getIfAvailable(() -> Propagator.NOOP));
		}));
		registry.registerBean("localHubs", LocalHubs.class, (spec) -> spec.supplier((context) -> {
			HttpLocalUpstream upstream = context.bean(HttpLocalUpstream.class);
			LocalHubs hubs = new LocalHubs(context.bean(Clock.class),
					(connection) -> upstream.disconnected(connection, connection.endError()));
			context.bean(MeterRegistry.class)
				.gauge("beacon.local.connections", hubs, (registered) -> registered.all().size());
			return hubs;
		}));
		registry.registerBean("localHubOperations", LocalHubOperations.class,
				(spec) -> spec.supplier((context) -> new LocalHubOperations(context.bean(LocalHubs.class),
						context.bean(ConnectionDispatcher.class),
						context.bean(LocalProperties.class).maxPendingInvocations())));
		registry.registerBean("connectionDispatcher", ConnectionDispatcher.class,
				(spec) -> spec.supplier((context) -> new ConnectionDispatcher(context.bean(LocalHubs.class),
						context.bean(HubProtocols.class), context.bean(HttpLocalUpstream.class))));
	}

	private static void registerClient(BeanRegistry registry) {
		registry.registerBean("pendingConnections", PendingConnections.class,
				(spec) -> spec.supplier((context) -> StoreRegistrar.isRedis(context.bean(Environment.class))
						? new PendingConnections(context.bean(LocalServiceEndpointProvider.class).accessKey(),
								context.bean(PendingConnections.Ledger.class), context.bean(Clock.class))
						: new PendingConnections()));
		registry.registerBean("clientSettings", ClientSettings.class, (spec) -> spec
			.supplier((context) -> new ClientSettings(context.bean(LocalProperties.class).outboundBufferSize())));
		registry.registerBean("localWebSocketHandler", LocalWebSocketHandler.class,
				(spec) -> spec.supplier((context) -> new LocalWebSocketHandler(context.bean(LocalHubs.class),
						context.bean(ConnectionDispatcher.class),
						context.bean(ClientSettings.class).outboundBufferSize())));
		registry.registerBean("localWebSocketRequestHandler", WebSocketHttpRequestHandler.class, (spec) -> spec
			.supplier((context) -> webSocketRequestHandler(context.bean(LocalWebSocketHandler.class))));
		registry.register(new ClientControllers());
	}

	private static LocalServiceEndpointProvider endpointProvider(LocalProperties properties, StoreProperties store) {
		if (store.isRedis()) {
			logger.info("No Azure SignalR connection string is configured: Beacon runs its own SignalR service at "
					+ properties.pathPrefix() + ", one service with every replica on the same Redis");
		}
		else {
			logger.warn("No Azure SignalR connection string is configured: Beacon runs in local mode with its "
					+ "embedded SignalR service at " + properties.pathPrefix() + " (one node; with "
					+ "beacon.store.type=redis, every replica on one Redis is one service). Production with Azure "
					+ "needs beacon.signalr.connection-string (or AzureSignalRConnectionString).");
		}
		return new LocalServiceEndpointProvider(properties.accessKey(), properties.pathPrefix());
	}

	private static WebMvcConfigurer authentication(LocalTokens tokens, LocalProperties properties) {
		LocalAuthenticationInterceptor interceptor = new LocalAuthenticationInterceptor(tokens,
				properties.pathPrefix());
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns(properties.pathPrefix() + "/**");
			}

		};
	}

	private static WebSocketHttpRequestHandler webSocketRequestHandler(LocalWebSocketHandler handler) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		requestHandler.getHandshakeInterceptors().add(handler);
		return requestHandler;
	}

	private static HealthIndicator health(LocalHubs hubs, LocalProperties properties) {
		return () -> Health.up()
			.withDetail("mode", "local")
			.withDetail("pathPrefix", properties.pathPrefix())
			.withDetail("connections", hubs.all().size())
			.build();
	}

}
