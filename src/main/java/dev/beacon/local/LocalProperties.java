package dev.beacon.local;

import java.time.Duration;

import dev.beacon.local.access.LocalServiceEndpointProvider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded local service (local mode only).
 *
 * @param accessKey the key tokens are signed with; random per start when unset
 * @param pathPrefix where the service lives inside Beacon, e.g. {@code /local}
 * @param keepAliveInterval a Ping goes to a client that was sent nothing this long
 * @param clientTimeout a client that sent nothing this long is closed
 * @param outboundBufferSize bytes queued for one slow client before it is closed
 * @param upstream where the local service posts client events
 * @param invocationTimeout how long a REST {@code :invoke} waits for the client at most
 * (Beacon's own API waits at most 5 minutes, so its timeout comes first)
 * @param maxPendingInvocations client results one connection may owe at once; more are
 * refused with 429
 * @param maxQueuedInvocations invocations one client may have waiting for the upstream at
 * once; past it the client's reads are held until one is taken, and after 10 s the
 * invocation is refused, so a client sending faster than the upstream answers cannot fill
 * the memory
 * @param maxConnections client connections this replica holds at most; negotiate beyond
 * it answers 503 with {@code Retry-After}, so a load balancer's retry or the client's
 * reconnect finds another replica (0: no cap)
 * @param drainWindow on shutdown, how long the Close messages that tell clients to
 * reconnect are spread over, so the other replicas are not stormed; unset: 10 s with
 * {@code beacon.store.type=redis} (several replicas), none for one replica
 */
@ConfigurationProperties("beacon.local")
@Validated
public record LocalProperties(@Nullable String accessKey,
		@DefaultValue(LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX) @Pattern(
				regexp = "^/[A-Za-z0-9_-]+$") String pathPrefix,
		@DefaultValue("15s") @NotNull Duration keepAliveInterval, @DefaultValue("30s") @NotNull Duration clientTimeout,
		@DefaultValue("4194304") @Min(65_536) int outboundBufferSize, @DefaultValue @Valid Upstream upstream,
		@DefaultValue("5m") @NotNull Duration invocationTimeout,
		@DefaultValue("100") @Min(1) @Max(10_000) int maxPendingInvocations,
		@DefaultValue("32") @Min(1) @Max(10_000) int maxQueuedInvocations,
		@DefaultValue("0") @Min(0) int maxConnections,
		@Nullable @DurationMin(seconds = 0, message = "must be from 0s to 10m") @DurationMax(minutes = 10,
				message = "must be from 0s to 10m") Duration drainWindow) {

	@Override
	public String toString() {
		return "LocalProperties[pathPrefix=" + this.pathPrefix + "]";
	}

	/**
	 * Where the local service posts what clients send, as Azure does to its upstream.
	 *
	 * @param urlTemplate the URL, with {@code {hub}}, {@code {category}}, {@code {event}}
	 * and {@code {port}} (Beacon's own port); unset: Beacon's own receiver at
	 * {@code beacon.upstream.path} on loopback
	 */
	public record Upstream(@Nullable String urlTemplate) {

	}

}
