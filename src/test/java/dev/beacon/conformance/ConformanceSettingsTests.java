package dev.beacon.conformance;

import java.net.URI;
import java.util.Map;

import dev.beacon.endpoint.InvalidConnectionStringException;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.support.TestKeys;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a run chooses its target, and that a resource's run goes to the resource: URLs from
 * its endpoint, not from this machine, and its key never in a message.
 */
class ConformanceSettingsTests {

	static final String RESOURCE = TestKeys.connectionString("https://contoso.service.signalr.net");

	@Test
	void withNoSettingTheTargetIsTheLocalService() {
		ConformanceSettings settings = settings(Map.of(), Map.of());

		assertThat(settings.local()).isTrue();
		assertThat(settings.endpoint()).isNull();
		assertThat(settings.describe()).isEqualTo("Beacon's local service (started by the suite)");
	}

	@Test
	void aConnectionStringMakesTheResourceTheTargetNamedByItsHostOnly() {
		ConformanceSettings settings = settings(Map.of(ConformanceSettings.CONNECTION_STRING, RESOURCE), Map.of());

		assertThat(settings.local()).isFalse();
		assertThat(settings.describe()).isEqualTo("contoso.service.signalr.net (AccessKey)");
		assertThat(settings.toString()).doesNotContain(TestKeys.ACCESS_KEY);
	}

	@Test
	void theEnvironmentVariableServesWhenThePropertyIsNotSet() {
		ConformanceSettings settings = settings(Map.of(), Map.of("BEACON_CONFORMANCE_CONNECTION_STRING", RESOURCE,
				"BEACON_CONFORMANCE_API_VERSION", "2022-06-01"));

		assertThat(settings.connectionString()).isEqualTo(RESOURCE);
		assertThat(settings.apiVersion()).isEqualTo("2022-06-01");
	}

	@Test
	void aResourcesClientsAndRestCallsGoToItsEndpointAndNowhereLocal() {
		ServiceEndpoint endpoint = settings(Map.of(ConformanceSettings.CONNECTION_STRING, RESOURCE), Map.of())
			.endpoint();

		assertThat(endpoint.clientUrl("conformance_0a1b2c"))
			.isEqualTo("https://contoso.service.signalr.net/client/?hub=conformance_0a1b2c");
		assertThat(endpoint.serverBase()).isEqualTo("https://contoso.service.signalr.net");
		assertThat(ConformanceTarget.clientArguments(RESOURCE, "2022-06-01"))
			.contains("--beacon.signalr.connection-string=" + RESOURCE, "--beacon.signalr.api-version=2022-06-01")
			.noneMatch((argument) -> argument.startsWith("--beacon.local."));
	}

	@Test
	void theLocalServiceIsReachedAsAResourceThroughItsPath() {
		ServiceEndpoint endpoint = settings(Map.of(ConformanceSettings.CONNECTION_STRING,
				ConformanceTarget.localConnectionString(8123, TestKeys.ACCESS_KEY)), Map.of())
			.endpoint();

		assertThat(endpoint.clientUrl("conformance_0a1b2c"))
			.isEqualTo("http://127.0.0.1:8123/local/client/?hub=conformance_0a1b2c");
		assertThat(endpoint.serverBase()).isEqualTo("http://127.0.0.1:8123/local");
		assertThat(ConformanceTarget.localServiceArguments(TestKeys.ACCESS_KEY, 9000)).contains(
				"--beacon.local.upstream.url-template=http://127.0.0.1:9000/upstream/{hub}/{category}/{event}",
				"--beacon.signalr.connection-string=");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					AuthType=azure                                                             | default credential chain
					AuthType=azure.msi;ClientId=11111111-2222-3333-4444-555555555555            | user-assigned managed identity 11111111-2222-3333-4444-555555555555
					AuthType=azure.app;TenantId=t1;ClientId=c1;ClientSecret=very-secret-value    | application c1 in tenant t1 with a client secret
					""")
	void aMicrosoftEntraIdentityIsTakenAsBeaconTakesItAndNamedWithoutSecrets(String auth, String identity) {
		ConformanceSettings settings = settings(Map.of(ConformanceSettings.CONNECTION_STRING,
				"Endpoint=https://contoso.service.signalr.net;" + auth + ";Version=1.0;"), Map.of());

		assertThat(settings.describe()).isEqualTo("contoso.service.signalr.net (Microsoft Entra ID (" + identity + "))")
			.doesNotContain("very-secret-value");
	}

	@Test
	void aBadConnectionStringIsRefusedBeforeAnythingStartsWithoutRepeatingTheKey() {
		String shortKey = "Endpoint=https://contoso.service.signalr.net;AccessKey=short-but-secret;Version=1.0;";

		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> settings(Map.of(ConformanceSettings.CONNECTION_STRING, shortKey), Map.of()))
			.withMessageContaining("AccessKey is too short")
			.withMessageNotContaining("short-but-secret");
	}

	@Test
	void anUnknownApiVersionIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(Map.of(ConformanceSettings.API_VERSION, "2023-07-01"), Map.of()))
			.withMessage(ConformanceSettings.API_VERSION
					+ " must be the version of Beacon's client: one of 2022-06-01, 2024-12-01, not '2023-07-01'");
	}

	@Test
	void anUpstreamUrlNeedsAResourceAndThePortItForwardsTo() {
		String url = "https://tunnel.example.net/conformance";

		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(Map.of(ConformanceSettings.UPSTREAM_URL, url), Map.of()))
			.withMessageContaining("in-process");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(
					Map.of(ConformanceSettings.CONNECTION_STRING, RESOURCE, ConformanceSettings.UPSTREAM_URL, url),
					Map.of()))
			.withMessageContaining(ConformanceSettings.UPSTREAM_PORT);
		ConformanceSettings settings = settings(Map.of(ConformanceSettings.CONNECTION_STRING, RESOURCE,
				ConformanceSettings.UPSTREAM_URL, url, ConformanceSettings.UPSTREAM_PORT, "7071"), Map.of());
		assertThat(settings.upstreamUrl()).isEqualTo(URI.create(url));
		assertThat(settings.upstreamPort()).isEqualTo(7071);
	}

	private static ConformanceSettings settings(Map<String, String> properties, Map<String, String> environment) {
		return ConformanceSettings.from((name) -> value(properties, name), (name) -> value(environment, name));
	}

	private static @Nullable String value(Map<String, String> values, @Nullable String name) {
		return values.get(name);
	}

}
