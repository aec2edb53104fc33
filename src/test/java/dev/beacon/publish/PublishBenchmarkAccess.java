package dev.beacon.publish;

import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

/**
 * Builds the REST client exactly as the application does, for benchmarks in another
 * package.
 */
public final class PublishBenchmarkAccess {

	private PublishBenchmarkAccess() {
	}

	public static SignalRRestClient client(ServiceEndpointProvider endpoints, AccessTokenIssuer tokens,
			SignalRProperties properties, MeterRegistry meterRegistry) {
		return new PublishConfiguration().signalRClient(RestClient.builder(), endpoints, tokens, properties,
				JsonMapper.shared(), meterRegistry);
	}

}
