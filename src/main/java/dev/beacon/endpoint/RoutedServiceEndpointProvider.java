package dev.beacon.endpoint;

import dev.beacon.system.ServiceUnavailableException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Azure mode: one or several SignalR Service instances. With several, each is online or
 * offline: marked offline at once when a request to it cannot connect or gets 502, 503 or
 * 504 ({@link #reportFailure}), online again after a successful health check
 * ({@link #reportHealthy}). Clients negotiate to an online primary chosen by the
 * {@link EndpointRouter}, else to an online secondary; with none online, negotiate
 * answers 503. A single instance is never taken offline: there is nowhere else to go, and
 * its own failures already answer for themselves.
 */
public final class RoutedServiceEndpointProvider implements ServiceEndpointProvider {

	private static final Log logger = LogFactory.getLog(RoutedServiceEndpointProvider.class);

	private final List<ServiceEndpoint> endpoints;

	private final Map<String, EndpointStatus> statuses = new ConcurrentHashMap<>();

	private final EndpointRouter router;

	private final Clock clock;

	private final Duration retryAfter;

	public RoutedServiceEndpointProvider(List<ServiceEndpoint> endpoints, EndpointRouter router, Clock clock,
			Duration healthCheckInterval) {
		if (endpoints.isEmpty()) {
			throw new IllegalArgumentException("At least one endpoint is needed");
		}
		this.endpoints = List.copyOf(endpoints);
		this.router = router;
		this.clock = clock;
		this.retryAfter = healthCheckInterval;
		this.endpoints
			.forEach((endpoint) -> this.statuses.put(endpoint.name(), new EndpointStatus(endpoint, true, null, null)));
	}

	@Override
	public BeaconMode mode() {
		return BeaconMode.AZURE;
	}

	@Override
	public ServiceEndpoint forClient(URI requestOrigin) {
		return forClient(requestOrigin, null);
	}

	@Override
	public ServiceEndpoint forClient(URI requestOrigin, @Nullable String userId) {
		List<ServiceEndpoint> online = online();
		List<ServiceEndpoint> primaries = ofType(online, EndpointType.PRIMARY);
		List<ServiceEndpoint> candidates = primaries.isEmpty() ? ofType(online, EndpointType.SECONDARY) : primaries;
		if (candidates.isEmpty()) {
			throw new ServiceUnavailableException("No SignalR Service instance is online: " + describeOffline(),
					this.retryAfter);
		}
		return (candidates.size() == 1) ? candidates.get(0) : this.router.choose(candidates, userId);
	}

	@Override
	public ServiceEndpoint forServer() {
		List<ServiceEndpoint> online = online();
		if (online.isEmpty()) {
			throw new ServiceUnavailableException("No SignalR Service instance is online: " + describeOffline(),
					this.retryAfter);
		}
		List<ServiceEndpoint> primaries = ofType(online, EndpointType.PRIMARY);
		return primaries.isEmpty() ? online.get(0) : primaries.get(0);
	}

	@Override
	public List<ServiceEndpoint> all() {
		return this.endpoints;
	}

	@Override
	public List<ServiceEndpoint> online() {
		return this.endpoints.stream().filter((endpoint) -> status(endpoint).online()).toList();
	}

	@Override
	public List<EndpointStatus> statuses() {
		return this.endpoints.stream().map(this::status).toList();
	}

	@Override
	public boolean tracksHealth() {
		return this.endpoints.size() > 1;
	}

	@Override
	public void reportFailure(ServiceEndpoint endpoint, String reason, boolean fromHealthCheck) {
		if (!tracksHealth()) {
			return;
		}
		EndpointStatus before = status(endpoint);
		this.statuses.put(endpoint.name(), before.failed(reason, fromHealthCheck ? this.clock.instant() : null));
		if (before.online()) {
			logger.warn("SignalR Service endpoint " + endpoint.name() + " (" + endpoint.type().name().toLowerCase()
					+ ") is offline: " + reason + "; sends skip it and clients negotiate elsewhere until a health "
					+ "check succeeds");
		}
	}

	@Override
	public void reportHealthy(ServiceEndpoint endpoint) {
		EndpointStatus before = status(endpoint);
		this.statuses.put(endpoint.name(), before.checked(this.clock.instant()));
		if (!before.online()) {
			logger.info("SignalR Service endpoint " + endpoint.name() + " is online again");
		}
	}

	private EndpointStatus status(ServiceEndpoint endpoint) {
		// Every endpoint of this provider has a status from the constructor on
		return Objects.requireNonNull(this.statuses.get(endpoint.name()),
				() -> "Not an endpoint of this provider: " + endpoint.name());
	}

	private String describeOffline() {
		Map<String, String> reasons = new LinkedHashMap<>();
		statuses().forEach((status) -> reasons.put(status.endpoint().name(),
				(status.lastError() != null) ? status.lastError() : "offline"));
		return reasons.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " (" + entry.getValue() + ")")
			.collect(Collectors.joining(", "));
	}

	private static List<ServiceEndpoint> ofType(List<ServiceEndpoint> endpoints, EndpointType type) {
		return endpoints.stream().filter((endpoint) -> endpoint.type() == type).toList();
	}

}
