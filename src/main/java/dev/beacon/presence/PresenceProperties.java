package dev.beacon.presence;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of presence.
 *
 * @param enabled whether Beacon keeps presence at all
 * @param publicCount whether {@code /api/hubs/{hub}/presence/count} (the connection count
 * alone) answers without an API key, for the status page
 * @param reconcileAfter a connection not heard of for this long is checked with the
 * service ({@code HEAD .../connections/{id}}); gone ones are removed
 * @param reconcileRate at most this many such checks per second, all hubs together
 * @param tombstoneTtl how long a disconnect is remembered, so a {@code connected} that
 * arrives after it (from another replica) is ignored
 * @param groupReconcileInterval a group read at most this often is corrected from the
 * service's list of its connections (0 turns it off)
 */
@ConfigurationProperties("beacon.presence")
@Validated
public record PresenceProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean publicCount,
		@DefaultValue("5m") @NotNull @DurationMin(seconds = 1) Duration reconcileAfter,
		@DefaultValue("20") @Min(1) @Max(10_000) int reconcileRate,
		@DefaultValue("10m") @NotNull @DurationMin(seconds = 1) Duration tombstoneTtl,
		@DefaultValue("1m") @NotNull @DurationMin(seconds = 0,
				message = "must be 0 (off) or positive") Duration groupReconcileInterval) {

}
