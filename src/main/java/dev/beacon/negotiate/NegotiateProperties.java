package dev.beacon.negotiate;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of {@code /api/negotiate}.
 *
 * @param tokenLifetime lifetime of client access tokens (1 minute to 24 hours)
 * @param userIdSource where the user ID ({@code nameid}) comes from
 * @param includeRoles whether Easy Auth roles become {@code role} claims
 */
@ConfigurationProperties("beacon.negotiate")
@Validated
public record NegotiateProperties(
		@DefaultValue("1h") @NotNull @DurationMin(minutes = 1, message = "must be from 1m to 24h") @DurationMax(
				hours = 24, message = "must be from 1m to 24h") Duration tokenLifetime,
		@DefaultValue("none") @NotNull UserIdSource userIdSource, @DefaultValue("false") boolean includeRoles) {

	/**
	 * Where the user ID of a negotiating client comes from.
	 */
	public enum UserIdSource {

		/** Anonymous connections: no {@code nameid}. */
		NONE,

		/**
		 * {@code X-MS-CLIENT-PRINCIPAL-ID}, set by App Service / Container Apps
		 * authentication. Safe only behind it: anyone else can send the header.
		 */
		EASY_AUTH,

		/** {@code X-MS-CLIENT-PRINCIPAL-NAME}, with the same caveat. */
		EASY_AUTH_NAME

	}

}
