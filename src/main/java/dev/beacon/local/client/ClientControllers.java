package dev.beacon.local.client;

import dev.beacon.local.LocalProperties;
import dev.beacon.local.hub.ConnectionDispatcher;
import dev.beacon.local.hub.LocalHubs;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The local service's client endpoints (negotiate and the three transports), registered
 * by the local service's registrar in local mode only (they are left out of component
 * scanning). Public for that registrar, which lives in the package above.
 */
public class ClientControllers implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		registry.registerBean("clientNegotiateController", ClientNegotiateController.class,
				(spec) -> spec
					.supplier((context) -> new ClientNegotiateController(context.bean(PendingConnections.class),
							context.bean(LocalHubs.class), context.bean(LocalProperties.class).maxConnections())));
		registry.registerBean("clientTransportController", ClientTransportController.class,
				(spec) -> spec.supplier((context) -> new ClientTransportController(context.bean(LocalHubs.class),
						context.bean(ConnectionDispatcher.class), context.bean(WebSocketHttpRequestHandler.class),
						context.bean(PendingConnections.class), context.bean(ClientSettings.class))));
	}

}
