package dev.beacon.restclient;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the data-plane REST client, under the same prefix as the service's.
 *
 * @param connectTimeout TCP connect timeout of REST calls
 * @param readTimeout time to wait for a whole REST response
 * @param restTokenLifetime lifetime of the tokens that sign REST calls
 * @param retry retry settings of REST calls
 * @param maxConcurrentRequests REST calls in flight at once; more are refused at once
 * with 503, so an outage cannot tie up every request thread
 * @param apiVersion the data-plane REST API version every call names: {@code 2024-12-01}
 * (the default, every operation) or {@code 2022-06-01} (the 19 operations before client
 * results, group listing, commands and streams)
 * @param maxPendingInvocations client results waiting for their clients at once, apart
 * from {@code maxConcurrentRequests} (they wait on clients, not on the service); more are
 * refused at once with 503
 */
@ConfigurationProperties("beacon.signalr")
@Validated
public record RestClientProperties(@DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue("10s") @NotNull Duration readTimeout, @DefaultValue("5m") @NotNull Duration restTokenLifetime,
		@DefaultValue @Valid Retry retry, @DefaultValue("64") @Min(1) @Max(10000) int maxConcurrentRequests,
		@DefaultValue("2024-12-01") @NotNull String apiVersion,
		@DefaultValue("1000") @Min(1) @Max(100_000) int maxPendingInvocations) {

	public RestClientProperties {
		if (apiVersion != null) {
			ApiVersion.of(apiVersion);
		}
		requirePositive("beacon.signalr.connect-timeout", connectTimeout);
		requirePositive("beacon.signalr.read-timeout", readTimeout);
		if (restTokenLifetime != null && (restTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0
				|| restTokenLifetime.compareTo(Duration.ofHours(1)) > 0)) {
			throw new IllegalArgumentException("beacon.signalr.rest-token-lifetime must be from 1m to 1h");
		}
	}

	/** The version every call names. */
	public ApiVersion version() {
		return ApiVersion.of(this.apiVersion);
	}

	static void requirePositive(String name, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

	/**
	 * How REST calls are retried; the rules themselves are in {@link RetryPolicy}.
	 *
	 * @param maxRetries retries after the first attempt
	 * @param baseDelay first backoff delay, doubled per retry, with jitter
	 * @param maxDelay cap of one delay, including a {@code Retry-After} the service asks
	 * for
	 * @param deadline overall time budget of one call, retries included
	 */
	public record Retry(@DefaultValue("3") @Min(0) @Max(10) int maxRetries,
			@DefaultValue("800ms") @NotNull Duration baseDelay, @DefaultValue("10s") @NotNull Duration maxDelay,
			@DefaultValue("30s") @NotNull Duration deadline) {

		public Retry {
			requirePositive("beacon.signalr.retry.base-delay", baseDelay);
			requirePositive("beacon.signalr.retry.max-delay", maxDelay);
			requirePositive("beacon.signalr.retry.deadline", deadline);
		}

	}

}
