package dev.beacon.restclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.EndpointStatus;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.system.ServiceUnavailableException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code signalr} in {@code /actuator/health}: whether the service answers
 * {@code HEAD /api/health}, and the auth mode with whether its token and key are valid.
 * Cached for a few seconds so probes cannot flood the service. Not part of the liveness
 * or readiness groups: negotiate needs no service call, so an outage of the service must
 * not take Beacon out of rotation.
 */
final class SignalRHealthIndicator implements HealthIndicator {

	static final Duration CACHE_FOR = Duration.ofSeconds(5);

	private final SignalRClient client;

	private final ServiceEndpointProvider endpoints;

	private volatile Health last = Health.unknown().build();

	private volatile long checkedAt = Long.MIN_VALUE;

	SignalRHealthIndicator(SignalRClient client, ServiceEndpointProvider endpoints) {
		this.client = client;
		this.endpoints = endpoints;
	}

	@Override
	public Health health() {
		long now = System.nanoTime();
		if (this.checkedAt != Long.MIN_VALUE && now - this.checkedAt < CACHE_FOR.toNanos()) {
			return this.last;
		}
		Health built = this.endpoints.tracksHealth() ? instances() : probe();
		this.last = built;
		this.checkedAt = now;
		return built;
	}

	private Health probe() {
		Health.Builder health;
		try {
			this.client.checkHealth();
			health = Health.up();
		}
		catch (RuntimeException ex) {
			// A detail is never null: without a message, the exception's type
			String message = ex.getMessage();
			health = Health.down().withDetail("error", (message != null) ? message : ex.getClass().getSimpleName());
		}
		return health.withDetail("mode", this.endpoints.mode().name().toLowerCase()).withDetails(credential()).build();
	}

	/**
	 * Several instances: what the health checks found, without asking again. UP while any
	 * is online (sends and negotiate still work), DOWN when none is.
	 */
	private Health instances() {
		List<Map<String, Object>> instances = new ArrayList<>();
		boolean anyOnline = false;
		for (EndpointStatus status : this.endpoints.statuses()) {
			Map<String, Object> instance = new LinkedHashMap<>();
			instance.put("name", status.endpoint().name());
			instance.put("type", status.endpoint().type().name().toLowerCase());
			instance.put("online", status.online());
			instance.put("lastCheck", (status.lastCheck() != null) ? status.lastCheck().toString() : "never");
			if (status.lastError() != null) {
				instance.put("error", status.lastError());
			}
			instance.putAll(status.endpoint().credential().describe());
			instances.add(instance);
			anyOnline |= status.online();
		}
		return (anyOnline ? Health.up() : Health.down()).withDetail("mode", "azure")
			.withDetail("endpoints", instances)
			.build();
	}

	/**
	 * Which auth is in use and whether its token and key are usable, never their values.
	 */
	private Map<String, Object> credential() {
		try {
			return this.endpoints.forServer().credential().describe();
		}
		catch (ServiceUnavailableException ex) {
			return Map.of();
		}
	}

}
