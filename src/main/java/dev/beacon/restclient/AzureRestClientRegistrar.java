package dev.beacon.restclient;

import dev.beacon.endpoint.BeaconMode;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.endpoint.ServiceEndpointProvider;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;

/**
 * What only Azure mode runs: the background fetch of the key for client tokens (Microsoft
 * Entra ID) and the health checks that bring failed instances back. A registrar rather
 * than a condition, so one Spring AOT build serves both modes. Public only because the
 * code Spring AOT generates creates it.
 */
public class AzureRestClientRegistrar implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (BeaconMode.of(environment) != BeaconMode.AZURE) {
			return;
		}
		registry.registerBean("accessKeySynchronizer", AccessKeySynchronizer.class,
				(spec) -> spec.supplier((context) -> new AccessKeySynchronizer(context.bean(DataPlane.class),
						context.bean(ServiceEndpointProvider.class), context.bean(JsonMapper.class),
						context.bean(MeterRegistry.class))));
		registry.registerBean("endpointHealthChecker", EndpointHealthChecker.class,
				(spec) -> spec.supplier((context) -> new EndpointHealthChecker(context.bean(SignalRRestClient.class),
						context.bean(ServiceEndpointProvider.class),
						context.bean(SignalRProperties.class).healthCheckInterval())));
	}

}
