package dev.beacon.system;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.inbox.InboxProperties;
import dev.beacon.local.LocalProperties;
import dev.beacon.negotiate.NegotiateProperties;
import dev.beacon.presence.PresenceProperties;
import dev.beacon.status.StatusProperties;
import dev.beacon.store.StoreProperties;
import dev.beacon.upstream.UpstreamProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bound a setting has is declared on its properties record with Bean Validation,
 * and a value past it fails the binding naming the setting and the bound: what the
 * startup report shows (one whole start per kind of report is in
 * {@code StartupValidationTests}). The records are bound as Beacon binds them, in a
 * context of their own, so each case takes milliseconds.
 */
class SettingsValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(EverySetting.class);

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			beacon.signalr.connect-timeout        | 0s        | must be positive
			beacon.signalr.read-timeout           | -1s       | must be positive
			beacon.signalr.rest-token-lifetime    | 30s       | must be longer than or equal to 1 minute
			beacon.signalr.rest-token-lifetime    | 2h        | must be shorter than or equal to 1 hour
			beacon.signalr.retry.base-delay       | 0ms       | must be positive
			beacon.signalr.retry.deadline         | -5s       | must be positive
			beacon.signalr.retry.max-retries      | 11        | must be less than or equal to 10
			beacon.signalr.max-concurrent-requests| 0         | must be greater than or equal to 1
			beacon.signalr.api-version            | 2023-07-01| must be one of 2022-06-01, 2024-12-01
			beacon.signalr.health-check-interval  | 500ms     | must be longer than or equal to 1 second
			beacon.negotiate.token-lifetime       | 30s       | must be from 1m to 24h
			beacon.negotiate.token-lifetime       | 25h       | must be from 1m to 24h
			beacon.presence.reconcile-after       | 500ms     | must be longer than or equal to 1 second
			beacon.presence.tombstone-ttl         | 0s        | must be longer than or equal to 1 second
			beacon.presence.group-reconcile-interval | -1s    | must be 0 (off) or positive
			beacon.status.broadcast-interval      | -1s       | must be 0 (off) or positive
			beacon.status.history-size            | 0         | must be greater than or equal to 1
			beacon.store.timeout                  | 0s        | must be positive
			beacon.inbox.ttl                      | 100ms     | must be longer than or equal to 1 second
			beacon.local.drain-window             | 11m       | must be from 0s to 10m
			beacon.local.max-queued-invocations   | 0         | must be greater than or equal to 1
			beacon.local.outbound-buffer-size     | 4096      | must be greater than or equal to 65536
			beacon.http.max-body-size             | 100B      | must be from 1KB to 64MB
			beacon.http.max-body-size             | 65MB      | must be from 1KB to 64MB
			beacon.cors.allowed-origins           | *         | must list exact origins
			beacon.upstream.join-group-pattern    | ops(      | is not a valid regular expression
			""")
	void valuePastItsBoundFailsNamingTheSettingAndTheBound(String setting, String value, String reason) {
		this.runner.withPropertyValues(setting + "=" + value).run((context) -> {
			assertThat(context).as("binding %s=%s", setting, value).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindValidationException.class)
				.rootCause()
				.hasMessageContaining(reason)
				.satisfies((failure) -> assertThat(failure.getMessage()).containsAnyOf("\"" + setting + "\"",
						"field '" + camelCase(setting.substring(setting.indexOf('.', "beacon.".length()) + 1))));
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			beacon.signalr.connect-timeout        | 1ms
			beacon.signalr.rest-token-lifetime    | 1h
			beacon.signalr.api-version            | 2022-06-01
			beacon.negotiate.token-lifetime       | 24h
			beacon.presence.group-reconcile-interval | 0s
			beacon.status.broadcast-interval      | 0s
			beacon.local.drain-window             | 10m
			beacon.local.max-queued-invocations   | 10000
			beacon.http.max-body-size             | 1KB
			beacon.cors.allowed-origins           | https://status.example.com
			beacon.upstream.join-group-pattern    | ops|dev
			""")
	void valueAtItsBoundBinds(String setting, String value) {
		this.runner.withPropertyValues(setting + "=" + value)
			.run((context) -> assertThat(context).as("binding %s=%s", setting, value).hasNotFailed());
	}

	/**
	 * How Spring names a field it cannot trace to the setting's source (a nested
	 * record's).
	 */
	private static String camelCase(String path) {
		return Pattern.compile("-([a-z])").matcher(path).replaceAll((match) -> match.group(1).toUpperCase(Locale.ROOT));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SignalRProperties.class, NegotiateProperties.class, PresenceProperties.class,
			StatusProperties.class, StoreProperties.class, InboxProperties.class, LocalProperties.class,
			HttpProperties.class, CorsProperties.class, UpstreamProperties.class })
	static class EverySetting {

	}

}
