package dev.beacon.inbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the inbox.
 *
 * @param enabled whether messages to users are kept until acknowledged
 * @param ttl how long an unacknowledged message is kept
 * @param maxPerUser the most a user's inbox holds; past it the oldest are dropped
 */
@ConfigurationProperties("beacon.inbox")
@Validated
public record InboxProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("7d") @NotNull @DurationMin(seconds = 1) Duration ttl,
		@DefaultValue("1000") @Min(1) @Max(100_000) int maxPerUser) {

}
