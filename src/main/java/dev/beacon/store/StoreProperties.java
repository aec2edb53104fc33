package dev.beacon.store;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where shared state lives.
 *
 * @param type {@code memory} (one replica, nothing to install) or {@code redis} (every
 * replica shares it; connection from Spring Boot's {@code spring.data.redis.*})
 * @param timeout how long one store call may take, including connecting: a store outage
 * answers within this instead of queueing
 * @param keyPrefix prefix of every Redis key, so several Beacons can share one Redis
 */
@ConfigurationProperties("beacon.store")
@Validated
public record StoreProperties(@DefaultValue("memory") @NotNull Type type,
		@DefaultValue("2s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration timeout,
		@DefaultValue("beacon:") @NotBlank String keyPrefix) {

	public boolean isRedis() {
		return this.type == Type.REDIS;
	}

	/**
	 * The kinds of store.
	 */
	public enum Type {

		/** In this replica's memory: today's behaviour, lost on restart. */
		MEMORY,

		/** Redis, shared by every replica. */
		REDIS

	}

}
