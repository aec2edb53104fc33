package dev.beacon.endpoint;

import dev.beacon.BeaconApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTests {

	static final String KEY = "SECRETSECRETSECRETSECRETSECRETSECRETSECRET12";

	@Test
	void badConnectionStringFailsStartupNamingTheKeyWithoutTheSecret(CapturedOutput output) {
		Throwable failure = start("AzureSignalRConnectionString=Endpoint=ftp://foo;AccessKey=" + KEY);

		assertThat(failure).hasRootCauseInstanceOf(InvalidConnectionStringException.class)
			.rootCause()
			.hasMessageContaining("Endpoint must be an absolute http or https URI")
			.hasMessageContaining("setting: AzureSignalRConnectionString");
		assertThat(output).contains("Endpoint must be an absolute http").doesNotContain(KEY);
	}

	@Test
	void entraIdConnectionStringWithAnAccessKeyFailsStartupNamingBothKeys(CapturedOutput output) {
		Throwable failure = start("beacon.signalr.connection-string=Endpoint=https://foo.service.signalr.net;"
				+ "AuthType=azure.msi;AccessKey=" + dev.beacon.support.TestKeys.ACCESS_KEY);

		assertThat(failure).rootCause().hasMessageContaining("AccessKey and AuthType=azure.msi are both given");
		assertThat(output).doesNotContain(dev.beacon.support.TestKeys.ACCESS_KEY);
	}

	@Test
	void invalidHubNameFailsStartupNamingTheSetting(CapturedOutput output) {
		Throwable failure = start("beacon.signalr.hub=1-bad hub");

		assertThat(failure).isNotNull();
		assertThat(output).contains("beacon.signalr.hub");
	}

	@Test
	void wildcardCorsOriginFailsStartup(CapturedOutput output) {
		Throwable failure = start("beacon.cors.allowed-origins=*");

		assertThat(failure).isNotNull();
		assertThat(output).contains("beacon.cors.allowed-origins must list exact origins");
	}

	@Test
	void tokenLifetimeOutOfRangeFailsStartup(CapturedOutput output) {
		Throwable failure = start("beacon.negotiate.token-lifetime=30s");

		assertThat(failure).isNotNull();
		assertThat(output).contains("beacon.negotiate.token-lifetime must be from 1m to 24h");
	}

	private static Throwable start(String property) {
		return catchThrowable(
				() -> new SpringApplicationBuilder(BeaconApplication.class).run("--server.port=0", "--" + property)
					.close());
	}

}
