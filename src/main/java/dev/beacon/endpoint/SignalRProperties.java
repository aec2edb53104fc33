package dev.beacon.endpoint;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the SignalR Service connection.
 *
 * @param connectionString the connection string; when absent, the
 * {@code AzureSignalRConnectionString} and
 * {@code CUSTOMCONNSTR_AzureSignalRConnectionString} settings are tried, and with none of
 * them Beacon runs in local mode
 * @param hub the default hub, used by {@code /api/negotiate} and {@code /api/status}
 * @param hubs further hubs served under {@code /api/hubs/{hub}/...}
 * @param application optional application name that prefixes hubs on a shared resource
 */
@ConfigurationProperties("beacon.signalr")
@Validated
public record SignalRProperties(@Nullable String connectionString,
		@DefaultValue("notifications") @NotNull @Pattern(regexp = Names.HUB_REGEX) String hub,
		@DefaultValue List<@Pattern(regexp = Names.HUB_REGEX) String> hubs,
		@Nullable @Pattern(regexp = Names.HUB_REGEX) String application) {

	@Override
	public String toString() {
		return "SignalRProperties[connectionString=" + ((this.connectionString != null) ? "(set)" : "(unset)")
				+ ", hub=" + this.hub + ", hubs=" + this.hubs + ", application=" + this.application + "]";
	}

}
