package dev.beacon.publish;

import java.time.Duration;

import dev.beacon.endpoint.ServiceEndpointProvider;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code signalr} in {@code /actuator/health}: whether the service answers
 * {@code HEAD /api/health}. Cached for a few seconds so probes cannot flood the service.
 * Not part of the liveness or readiness groups: negotiate needs no service call, so an
 * outage of the service must not take Beacon out of rotation.
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
		Health health;
		try {
			this.client.checkHealth();
			health = Health.up().withDetail("mode", this.endpoints.mode().name().toLowerCase()).build();
		}
		catch (RuntimeException ex) {
			health = Health.down()
				.withDetail("mode", this.endpoints.mode().name().toLowerCase())
				.withDetail("error", ex.getMessage())
				.build();
		}
		this.last = health;
		this.checkedAt = now;
		return health;
	}

}
