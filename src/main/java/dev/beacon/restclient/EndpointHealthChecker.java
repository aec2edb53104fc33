package dev.beacon.restclient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;

import org.springframework.context.SmartLifecycle;

/**
 * With several SignalR Service instances: asks each one {@code HEAD /api/health} every
 * {@code beacon.signalr.health-check-interval} (the SDK's check, there every 2 minutes),
 * all at once so a hanging instance delays no other. A healthy answer brings an instance
 * back online; a failed one takes it offline. A failing request takes an instance offline
 * at once ({@link RestCallExecutor}); only this check brings it back.
 */
final class EndpointHealthChecker implements SmartLifecycle {

	private final SignalRRestClient client;

	private final ServiceEndpointProvider endpoints;

	private final Duration interval;

	private final PeriodicTask task = new PeriodicTask("beacon-endpoint-health");

	EndpointHealthChecker(SignalRRestClient client, ServiceEndpointProvider endpoints, Duration interval) {
		this.client = client;
		this.endpoints = endpoints;
		this.interval = interval;
	}

	@Override
	public void start() {
		if (this.endpoints.tracksHealth()) {
			this.task.start(this.interval.toMillis(), this.interval.toMillis(), this::checkAll);
		}
	}

	@Override
	public void stop() {
		this.task.stop();
	}

	@Override
	public boolean isRunning() {
		return this.task.isRunning();
	}

	/** Checks every instance once and waits for all the answers. */
	void checkAll() {
		List<CompletableFuture<Void>> checks = this.endpoints.all()
			.stream()
			.map((endpoint) -> CompletableFuture.runAsync(() -> check(endpoint),
					(task) -> Thread.ofVirtual().name("beacon-endpoint-health-" + endpoint.name()).start(task)))
			.toList();
		checks.forEach(CompletableFuture::join);
	}

	private void check(ServiceEndpoint endpoint) {
		try {
			this.client.checkHealthOf(endpoint);
			this.endpoints.reportHealthy(endpoint);
		}
		catch (SignalRException ex) {
			this.endpoints.reportFailure(endpoint, "health check: " + ex.getBody().getDetail(), true);
		}
		catch (RuntimeException ex) {
			this.endpoints.reportFailure(endpoint, "health check: " + ex.getClass().getSimpleName(), true);
		}
	}

}
