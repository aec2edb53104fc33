package dev.beacon.endpoint;

import java.time.Duration;
import java.util.List;

import dev.beacon.protocol.Names;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code beacon.signalr} setting but the connection string: the hubs Beacon serves,
 * how it spreads clients over several instances, and its REST client's timeouts, retries
 * and limits. The connection string itself ({@code beacon.signalr.connection-string},
 * {@code beacon.signalr.endpoints} and the Azure Functions and App Service settings) is
 * read by {@link ConnectionStringSource} and {@link ConfiguredEndpoints} alone: the mode
 * it implies is needed before any properties are bound.
 *
 * @param hub the default hub, used by {@code /api/negotiate} and {@code /api/status}
 * @param hubs further hubs served under {@code /api/hubs/{hub}/...}
 * @param application optional application name that prefixes hubs on a shared resource
 * @param healthCheckInterval how often each instance's {@code HEAD /api/health} is asked
 * when there are several (the SDK asks every 2 minutes)
 * @param router how negotiate chooses among online instances: {@code random}, or
 * {@code user} to keep a user on one instance
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
public record SignalRProperties(@DefaultValue("notifications") @NotNull @Pattern(regexp = Names.HUB_REGEX) String hub,
		@DefaultValue List<@Pattern(regexp = Names.HUB_REGEX) String> hubs,
		@Nullable @Pattern(regexp = Names.HUB_REGEX) String application,
		@DefaultValue("10s") @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration healthCheckInterval,
		@DefaultValue("random") Router router,
		@DefaultValue("5s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration connectTimeout,
		@DefaultValue("10s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration readTimeout,
		@DefaultValue("5m") @NotNull @DurationMin(minutes = 1) @DurationMax(hours = 1) Duration restTokenLifetime,
		@DefaultValue @Valid Retry retry, @DefaultValue("64") @Min(1) @Max(10000) int maxConcurrentRequests,
		@DefaultValue("2024-12-01") @NotNull @Pattern(regexp = "\\s*(2022-06-01|2024-12-01)\\s*",
				message = "must be one of 2022-06-01, 2024-12-01") String apiVersion,
		@DefaultValue("1000") @Min(1) @Max(100_000) int maxPendingInvocations) {

	/**
	 * Every default, as an application without {@code beacon.signalr} settings gets them.
	 */
	public static SignalRProperties defaults() {
		return new SignalRProperties("notifications", List.of(), null, Duration.ofSeconds(10), Router.RANDOM,
				Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(5), Retry.defaults(), 64,
				"2024-12-01", 1000);
	}

	/** These settings serving the given hubs under the given application name. */
	public SignalRProperties withHubs(String hub, List<String> hubs, @Nullable String application) {
		return new SignalRProperties(hub, hubs, application, this.healthCheckInterval, this.router, this.connectTimeout,
				this.readTimeout, this.restTokenLifetime, this.retry, this.maxConcurrentRequests, this.apiVersion,
				this.maxPendingInvocations);
	}

	/** These settings with the given REST client timeouts, retries and limits. */
	public SignalRProperties withRestClient(Duration connectTimeout, Duration readTimeout, Retry retry,
			int maxConcurrentRequests, String apiVersion) {
		return new SignalRProperties(this.hub, this.hubs, this.application, this.healthCheckInterval, this.router,
				connectTimeout, readTimeout, this.restTokenLifetime, retry, maxConcurrentRequests, apiVersion,
				this.maxPendingInvocations);
	}

	/** The built-in routers. */
	public enum Router {

		/** {@link EndpointRouter#random()} */
		RANDOM,

		/** {@link EndpointRouter#stickyPerUser()} */
		USER

	}

	/**
	 * How REST calls are retried; the rules themselves are the REST client's retry
	 * policy.
	 *
	 * @param maxRetries retries after the first attempt
	 * @param baseDelay first backoff delay, doubled per retry, with jitter
	 * @param maxDelay cap of one delay, including a {@code Retry-After} the service asks
	 * for
	 * @param deadline overall time budget of one call, retries included
	 */
	public record Retry(@DefaultValue("3") @Min(0) @Max(10) int maxRetries,
			@DefaultValue("800ms") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration baseDelay,
			@DefaultValue("10s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration maxDelay,
			@DefaultValue("30s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration deadline) {

		/** Every default. */
		public static Retry defaults() {
			return new Retry(3, Duration.ofMillis(800), Duration.ofSeconds(10), Duration.ofSeconds(30));
		}

	}

}
