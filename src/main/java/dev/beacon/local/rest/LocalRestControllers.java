package dev.beacon.local.rest;

import java.time.Clock;

import dev.beacon.local.LocalProperties;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.HubOperations;
import dev.beacon.token.AccessTokenIssuer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;

/**
 * The local service's data-plane controllers, registered by the local service's registrar
 * in local mode only (they are left out of component scanning). Public for that
 * registrar, which lives in the package above.
 */
public class LocalRestControllers implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		registry.registerBean("localGroupsController", LocalGroupsController.class, (spec) -> spec.supplier(
				(context) -> new LocalGroupsController(context.bean(HubOperations.class), context.bean(Clock.class))));
		registry.registerBean("localPayloads", LocalPayloads.class,
				(spec) -> spec.supplier((context) -> new LocalPayloads(context.bean(JsonMapper.class))));
		registry.registerBean("localMessagesController", LocalMessagesController.class,
				(spec) -> spec.supplier((context) -> new LocalMessagesController(context.bean(HubOperations.class),
						context.bean(LocalPayloads.class))));
		registry.registerBean("localClientsController", LocalClientsController.class,
				(spec) -> spec.supplier((context) -> new LocalClientsController(context.bean(HubOperations.class),
						context.bean(LocalPayloads.class), context.bean(LocalProperties.class))));
		registry.registerBean("localCommandsController", LocalCommandsController.class,
				(spec) -> spec.supplier((context) -> new LocalCommandsController(context.bean(HubOperations.class),
						context.bean(LocalPayloads.class))));
		registry.registerBean("localAuthController", LocalAuthController.class,
				(spec) -> spec
					.supplier((context) -> new LocalAuthController(context.bean(LocalServiceEndpointProvider.class),
							context.bean(AccessTokenIssuer.class))));
	}

}
