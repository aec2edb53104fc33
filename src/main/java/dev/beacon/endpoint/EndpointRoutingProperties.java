package dev.beacon.endpoint;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Beacon spreads clients over several SignalR Service instances and watches them.
 * (The instances themselves are read by {@link ConfiguredEndpoints}.)
 *
 * @param healthCheckInterval how often each instance's {@code HEAD /api/health} is asked
 * when there are several (the SDK asks every 2 minutes)
 * @param router how negotiate chooses among online instances: {@code random}, or
 * {@code user} to keep a user on one instance
 */
@ConfigurationProperties("beacon.signalr")
@Validated
public record EndpointRoutingProperties(
		@DefaultValue("10s") @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration healthCheckInterval,
		@DefaultValue("random") Router router) {

	/** The built-in routers. */
	public enum Router {

		/** {@link EndpointRouter#random()} */
		RANDOM,

		/** {@link EndpointRouter#stickyPerUser()} */
		USER

	}

}
