package dev.beacon.restclient;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.token.AccessTokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The data plane's one {@link DataPlane}: the JDK HttpClient (pooled keep-alive
 * connections, HTTP/1.1 as the service speaks it) with Beacon's timeouts and exactly one
 * signer; and the REST client on it.
 */
@Configuration(proxyBeanMethods = false)
@Import(AzureRestClientRegistrar.class)
class RestClientConfiguration {

	@Bean
	DataPlane signalrDataPlane(AccessTokenIssuer tokens, SignalRProperties properties,
			ObjectProvider<DataPlaneListener> listeners) {
		return signalrDataPlane(tokens, properties, listeners.orderedStream().toList());
	}

	static DataPlane signalrDataPlane(AccessTokenIssuer tokens, SignalRProperties properties,
			List<DataPlaneListener> listeners) {
		// Each call is timed once, by the executor (beacon.signalr.requests per
		// operation, instance and outcome), and traced there (RestCallSpans), not by an
		// observation of the transport (a tenth of a send's CPU: docs/performance.md).
		return new DataPlane(httpClient(properties.connectTimeout()),
				new RequestSigner(tokens, properties.restTokenLifetime()), properties.readTimeout(), listeners);
	}

	@Bean
	SignalRRestClient signalRClient(DataPlane dataPlane, ServiceEndpointProvider endpoints,
			SignalRProperties properties, JsonMapper jsonMapper, MeterRegistry meterRegistry,
			ApplicationEventPublisher events, Tracer tracer, Propagator propagator) {
		RetryPolicy retryPolicy = new RetryPolicy(properties.retry(), RandomGenerator.getDefault());
		RestCallExecutor executor = new RestCallExecutor(dataPlane, endpoints, retryPolicy, properties, meterRegistry,
				new RestCallSpans(tracer, propagator));
		ClientResults clientResults = new ClientResults(executor, properties.maxPendingInvocations(), jsonMapper,
				meterRegistry);
		return new SignalRRestClient(executor,
				new RestApiRequests(properties.application(), ApiVersion.of(properties.apiVersion())), jsonMapper,
				events, clientResults);
	}

	/** Batches of calls, within their share of the client's bulkhead. */
	@Bean
	SignalRBatches signalrBatches(SignalRProperties properties) {
		return new SignalRBatches(properties);
	}

	/**
	 * The JDK client for the data plane: HTTP/1.1 as the service speaks it, pooled
	 * keep-alive connections. Its own tasks (delivering the small answer, completing the
	 * exchange) run on its selector thread instead of hopping to a pool: nothing Beacon
	 * hands it blocks, and each hop cost tens of microseconds per send
	 * (docs/performance.md, REST publish). With a pool, the JDK now and then lost an
	 * answer on a reused connection to the pool's watcher, failing a send the service had
	 * taken; on the selector thread it has not (PooledConnectionRaceSoakTests,
	 * docs/reliability.md).
	 */
	static HttpClient httpClient(Duration connectTimeout) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.executor(Runnable::run)
			.build();
	}

	@Bean
	SignalRHealthIndicator signalrHealthIndicator(SignalRClient client, ServiceEndpointProvider endpoints) {
		return new SignalRHealthIndicator(client, endpoints);
	}

}
