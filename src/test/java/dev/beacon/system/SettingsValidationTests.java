package dev.beacon.system;

import dev.beacon.BeaconApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every bound a setting has is declared on its properties record with Bean Validation,
 * and a value past it stops Beacon at startup with a report naming the setting and the
 * bound.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsValidationTests {

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
			beacon.http.max-body-size             | 100B      | must be from 1KB to 64MB
			beacon.http.max-body-size             | 65MB      | must be from 1KB to 64MB
			beacon.cors.allowed-origins           | *         | must list exact origins
			beacon.upstream.join-group-pattern    | ops(      | is not a valid regular expression
			""")
	void valuePastItsBoundStopsStartupNamingTheSettingAndTheBound(String setting, String value, String reason,
			CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class)
			.run("--server.port=0", "--" + setting + "=" + value)
			.close());

		assertThat(failure).as("startup with %s=%s", setting, value).isNotNull();
		assertThat(output).contains("Reason: " + reason)
			.containsAnyOf("Origin: \"" + setting + "\"", "Property: " + camelCase(setting));
	}

	/**
	 * How Spring names a setting it cannot trace to its source (a nested record's, a list
	 * element's): the Java property path, which Beacon also accepts.
	 */
	private static String camelCase(String setting) {
		return java.util.regex.Pattern.compile("-([a-z])")
			.matcher(setting)
			.replaceAll((match) -> match.group(1).toUpperCase(java.util.Locale.ROOT));
	}

}
