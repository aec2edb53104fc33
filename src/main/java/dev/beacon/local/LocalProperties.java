package dev.beacon.local;

import java.time.Duration;

import dev.beacon.local.access.LocalServiceEndpointProvider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 */
@ConfigurationProperties("beacon.local")
@Validated
public record LocalProperties(@Nullable String accessKey,
		@DefaultValue(LocalServiceEndpointProvider.DEFAULT_PATH_PREFIX) @Pattern(
				regexp = "^/[A-Za-z0-9_-]+$") String pathPrefix,
		@DefaultValue("15s") @NotNull Duration keepAliveInterval, @DefaultValue("30s") @NotNull Duration clientTimeout,
		@DefaultValue("4194304") int outboundBufferSize, @DefaultValue @Valid Upstream upstream) {

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
