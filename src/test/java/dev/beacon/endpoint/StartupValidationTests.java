package dev.beacon.endpoint;

import dev.beacon.BeaconApplication;
import dev.beacon.support.TestKeys;
import dev.beacon.system.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import static dev.beacon.support.TestKeys.ACCESS_KEY;
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
		assertThat(output).contains("beacon.cors.allowedOrigins[0]").contains("must list exact origins");
	}

	@Test
	void tokenLifetimeOutOfRangeFailsStartup(CapturedOutput output) {
		Throwable failure = start("beacon.negotiate.token-lifetime=30s");

		assertThat(failure).isNotNull();
		assertThat(output).contains("beacon.negotiate.token-lifetime").contains("must be from 1m to 24h");
	}

	@Test
	void entraIdWithoutAnyUpstreamCheckFailsStartupNamingTheSettings(CapturedOutput output) {
		Throwable failure = start(ENTRA);

		assertThat(failure).rootCause()
			.hasMessageContaining("beacon.upstream.auth.audience")
			.hasMessageContaining("beacon.upstream.verify-signature=false");
	}

	@Test
	void entraIdUpstreamAudienceWithoutTenantFailsStartupNamingTheSetting(CapturedOutput output) {
		Throwable failure = start(ENTRA, "beacon.upstream.auth.audience=api://beacon");

		assertThat(failure).rootCause().hasMessageContaining("beacon.upstream.auth.tenant-id");
	}

	@Test
	void entraIdUpstreamAudienceWithoutCallersFailsStartupNamingTheSetting(CapturedOutput output) {
		Throwable failure = start(ENTRA, "beacon.upstream.auth.audience=api://beacon",
				"beacon.upstream.auth.tenant-id=contoso.onmicrosoft.com");

		assertThat(failure).rootCause()
			.hasMessageContaining("beacon.upstream.auth.callers")
			.hasMessageContaining("managed identity");
	}

	@Test
	void entraIdWithUpstreamChecksSwitchedOffStartsAndWarns(CapturedOutput output) {
		Throwable failure = start(ENTRA, "beacon.upstream.verify-signature=false");

		assertThat(failure).isNull();
		assertThat(output).contains("upstream requests are NOT authenticated");
	}

	@Test
	void badEndpointListEntryFailsStartupNamingTheSettingWithoutTheSecret(CapturedOutput output) {
		Throwable failure = start(LIST + "[0].name=east", LIST + "[0].connection-string=" + EAST,
				LIST + "[1].name=west", LIST + "[1].connection-string=" + WEST, LIST + "[1].type=backup");

		// Thrown where the mode is decided, at registration, so it may be the failure
		// itself.
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("beacon.signalr.endpoints[1].type must be primary or secondary");
		assertThat(output).contains("Invalid setting beacon.signalr.endpoints[1].type").doesNotContain(ACCESS_KEY);
	}

	@Test
	void badConnectionStringInAnEndpointListEntryFailsStartupNamingTheEntry(CapturedOutput output) {
		Throwable failure = start(LIST + "[0].name=east", LIST + "[0].connection-string=" + EAST,
				LIST + "[1].name=west",
				LIST + "[1].connection-string=Endpoint=ftp://west.service.signalr.net;AccessKey=" + ACCESS_KEY);

		assertThat(failure).hasRootCauseInstanceOf(InvalidConnectionStringException.class)
			.rootCause()
			.hasMessageContaining("setting: beacon.signalr.endpoints[1].connection-string");
		assertThat(output).contains("Endpoint must be an absolute http").doesNotContain(ACCESS_KEY);
	}

	@Test
	void endpointListStartingAtOneFailsStartupWithoutTheSecret(CapturedOutput output) {
		Throwable failure = start(LIST + "[1].name=west", LIST + "[1].connection-string=" + WEST);

		// Thrown where the mode is decided, at registration, so it may be the failure
		// itself.
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("numbered from 0 without gaps");
		assertThat(output).contains("Invalid setting beacon.signalr.endpoints[1]:").doesNotContain(ACCESS_KEY);
	}

	private static final String LIST = "beacon.signalr.endpoints";

	private static final String EAST = TestKeys.connectionString("http://127.0.0.1:9");

	private static final String WEST = TestKeys.connectionString("http://127.0.0.2:9");

	private static final String ENTRA = "beacon.signalr.connection-string=Endpoint=http://127.0.0.1:9;"
			+ "AuthType=azure.msi;ClientId=startup-validation-tests";

	private static Throwable start(String... properties) {
		String[] args = new String[properties.length + 1];
		args[0] = "--server.port=0";
		for (int i = 0; i < properties.length; i++) {
			args[i + 1] = "--" + properties[i];
		}
		return catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class).run(args).close());
	}

}
