package dev.beacon.status;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the status API.
 *
 * @param historySize how many broadcast events {@code /api/status/history} keeps
 * @param broadcastInterval how often the current status is re-broadcast; {@code 0}
 * disables it
 * @param defaultStatus the status before any was published
 * @param defaultMessage the message before any was published
 */
@ConfigurationProperties("beacon.status")
@Validated
public record StatusProperties(@DefaultValue("100") @Min(1) @Max(10000) int historySize,
		@DefaultValue("30s") @NotNull @DurationMin(seconds = 0,
				message = "must be 0 (off) or positive") Duration broadcastInterval,
		@DefaultValue("operational") @NotBlank String defaultStatus,
		@DefaultValue("All services running normally") @NotBlank String defaultMessage) {

}
