package dev.beacon.local;

import dev.beacon.protocol.JsonHubProtocol;
import java.time.Clock;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.ConditionalOnBeaconMode;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The local service's parts, present only in local mode (no connection string).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBeaconMode(BeaconMode.LOCAL)
class LocalConfiguration {

	@Bean
	LocalServiceEndpointProvider localServiceEndpointProvider(LocalProperties properties) {
		return new LocalServiceEndpointProvider(properties);
	}

	@Bean
	JsonHubProtocol hubProtocol(JsonMapper jsonMapper) {
		return new JsonHubProtocol(jsonMapper);
	}

	@Bean
	ConnectionQueues upstreamQueues() {
		return new ConnectionQueues();
	}

	@Bean
	HttpLocalUpstream localUpstream(LocalServiceEndpointProvider endpoints, JsonHubProtocol protocol,
			JsonMapper jsonMapper, ConnectionQueues upstreamQueues, MeterRegistry meterRegistry,
			@Value("${beacon.local.upstream.url-template:http://127.0.0.1:{port}"
					+ "/runtime/webhooks/signalr}") String urlTemplate) {
		return new HttpLocalUpstream(endpoints, urlTemplate, protocol, jsonMapper, upstreamQueues, meterRegistry);
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
	ConnectionDispatcher connectionDispatcher(LocalHubs hubs, JsonHubProtocol protocol, HttpLocalUpstream upstream) {
		return new ConnectionDispatcher(hubs, protocol, upstream);
	}

	@Bean
	LocalWebSocketHandler localWebSocketHandler(LocalHubs hubs, ConnectionDispatcher dispatcher,
			LocalProperties properties) {
		return new LocalWebSocketHandler(hubs, dispatcher, properties.outboundBufferSize());
	}

	@Bean
	WebSocketHttpRequestHandler localWebSocketRequestHandler(LocalWebSocketHandler handler) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		requestHandler.getHandshakeInterceptors().add(handler);
		return requestHandler;
	}

	@Bean
	LocalLifecycle localLifecycle(LocalHubs hubs, ConnectionDispatcher dispatcher, ClientController clients,
			LocalProperties properties) {
		return new LocalLifecycle(hubs, dispatcher, clients, properties);
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
