package dev.beacon.endpoint;

import java.util.List;

import dev.beacon.protocol.Names;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which service and hubs Beacon serves. The connection string itself
 * ({@code beacon.signalr.connection-string} and the Azure Functions and App Service
 * settings) is read by {@link ConnectionStringSource} alone: the mode it implies is
 * needed before any properties are bound. The REST client's own settings, under the same
 * prefix, are the publish feature's.
 *
 * @param hub the default hub, used by {@code /api/negotiate} and {@code /api/status}
 * @param hubs further hubs served under {@code /api/hubs/{hub}/...}
 * @param application optional application name that prefixes hubs on a shared resource
 */
@ConfigurationProperties("beacon.signalr")
@Validated
public record SignalRProperties(@DefaultValue("notifications") @NotNull @Pattern(regexp = Names.HUB_REGEX) String hub,
		@DefaultValue List<@Pattern(regexp = Names.HUB_REGEX) String> hubs,
		@Nullable @Pattern(regexp = Names.HUB_REGEX) String application) {

}
