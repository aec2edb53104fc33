package dev.beacon.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.beacon.system.InvalidSettingException;
import dev.beacon.credential.EntraIdentity;
import dev.beacon.credential.ServiceCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static dev.beacon.support.TestKeys.ACCESS_KEY;
import static dev.beacon.support.TestKeys.connectionString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The three forms of configuration, read from the environment as Spring Boot builds it:
 * properties ({@link MockEnvironment}) and environment variables
 * ({@link SystemEnvironmentPropertySource} under its standard name, so Spring's
 * environment-variable binding rules apply exactly as at runtime).
 */
class ConfiguredEndpointsTests {

	static final String EAST = connectionString("https://east.service.signalr.net");

	static final String WEST = connectionString("https://west.service.signalr.net");

	@Test
	void listFormReadsEachEntryWithPrimaryAsTheDefaultType() {
		MockEnvironment environment = properties("beacon.signalr.endpoints[0].name", "east",
				"beacon.signalr.endpoints[0].connection-string", EAST, "beacon.signalr.endpoints[1].name", "west",
				"beacon.signalr.endpoints[1].connection-string", WEST, "beacon.signalr.endpoints[1].type", "Secondary");

		assertThat(ConfiguredEndpoints.present(environment)).isTrue();
		assertThat(ConfiguredEndpoints.find(environment))
			.extracting(ConfiguredEndpoint::setting, ConfiguredEndpoint::name, ConfiguredEndpoint::type,
					ConfiguredEndpoint::connectionString)
			.containsExactly(tuple("beacon.signalr.endpoints[0].connection-string", "east", EndpointType.PRIMARY, EAST),
					tuple("beacon.signalr.endpoints[1].connection-string", "west", EndpointType.SECONDARY, WEST));
	}

	@Test
	void listFormFromEnvironmentVariablesBindsAsSpringBindsThem() {
		ConfigurableEnvironment environment = variables("BEACON_SIGNALR_ENDPOINTS_0_NAME", "east",
				"BEACON_SIGNALR_ENDPOINTS_0_CONNECTION_STRING", EAST, "BEACON_SIGNALR_ENDPOINTS_1_NAME", "west",
				"BEACON_SIGNALR_ENDPOINTS_1_CONNECTION_STRING", WEST, "BEACON_SIGNALR_ENDPOINTS_1_TYPE", "secondary");

		assertThat(ConfiguredEndpoints.find(environment))
			.extracting(ConfiguredEndpoint::name, ConfiguredEndpoint::type, ConfiguredEndpoint::connectionString)
			.containsExactly(tuple("east", EndpointType.PRIMARY, EAST), tuple("west", EndpointType.SECONDARY, WEST));
	}

	@ParameterizedTest
	@CsvSource({ "Azure:SignalR:Endpoints:east, east, PRIMARY", "Azure:SignalR:Endpoints:east:primary, east, PRIMARY",
			"Azure:SignalR:Endpoints:east:Secondary, east, SECONDARY",
			"azure:signalr:endpoints:East.US-2:SECONDARY, East.US-2, SECONDARY",
			"Azure__SignalR__Endpoints__west__secondary, west, SECONDARY",
			"AZURE__SIGNALR__ENDPOINTS__west_1__Primary, west_1, PRIMARY",
			"Azure:SignalR:Endpoints:secondary, secondary, PRIMARY" })
	void functionsKeyNamesTheEndpointAndItsTypeCaseInsensitively(String key, String name, EndpointType type) {
		assertThat(ConfiguredEndpoints.find(properties(key, EAST)))
			.extracting(ConfiguredEndpoint::setting, ConfiguredEndpoint::name, ConfiguredEndpoint::type,
					ConfiguredEndpoint::connectionString)
			.containsExactly(tuple(key, name, type, EAST));
	}

	@Test
	void functionsFormFromEnvironmentVariablesReadsEveryInstance() {
		ConfigurableEnvironment environment = variables("Azure__SignalR__Endpoints__east", EAST,
				"Azure__SignalR__Endpoints__west__secondary", WEST);

		assertThat(ConfiguredEndpoints.present(environment)).isTrue();
		assertThat(ConfiguredEndpoints.find(environment))
			.extracting(ConfiguredEndpoint::name, ConfiguredEndpoint::type, ConfiguredEndpoint::connectionString)
			.containsExactlyInAnyOrder(tuple("east", EndpointType.PRIMARY, EAST),
					tuple("west", EndpointType.SECONDARY, WEST));
	}

	@ParameterizedTest
	@ValueSource(strings = { "beacon.signalr.connection-string", "AzureSignalRConnectionString",
			"CUSTOMCONNSTR_AzureSignalRConnectionString" })
	void singleConnectionStringIsTheOnePrimaryNamedDefault(String setting) {
		assertThat(ConfiguredEndpoints.find(properties(setting, EAST)))
			.extracting(ConfiguredEndpoint::setting, ConfiguredEndpoint::name, ConfiguredEndpoint::type,
					ConfiguredEndpoint::connectionString)
			.containsExactly(tuple(setting, ServiceEndpoint.DEFAULT_NAME, EndpointType.PRIMARY, EAST));
	}

	@Test
	void singleConnectionStringFromItsEnvironmentVariableNamesTheProperty() {
		assertThat(ConfiguredEndpoints.find(variables("BEACON_SIGNALR_CONNECTION_STRING", EAST)))
			.extracting(ConfiguredEndpoint::setting, ConfiguredEndpoint::name)
			.containsExactly(tuple("beacon.signalr.connection-string", ServiceEndpoint.DEFAULT_NAME));
	}

	@Test
	void nothingConfiguredIsLocalMode() {
		ConfigurableEnvironment environment = variables("BEACON_SIGNALR_HUB", "chat");

		assertThat(ConfiguredEndpoints.present(environment)).isFalse();
		assertThat(ConfiguredEndpoints.find(environment)).isEmpty();
	}

	@Test
	void blankValuesCountAsAbsentSoComposeCanPassEmptyVariables() {
		ConfigurableEnvironment environment = variables("AzureSignalRConnectionString", "",
				"Azure__SignalR__Endpoints__east", " ", "BEACON_SIGNALR_CONNECTION_STRING", "");

		assertThat(ConfiguredEndpoints.present(environment)).isFalse();
		assertThat(ConfiguredEndpoints.find(environment)).isEmpty();
	}

	static Stream<Arguments> refusals() {
		return Stream.of(
				arguments("single and list",
						properties("beacon.signalr.connection-string", EAST, "beacon.signalr.endpoints[0].name", "west",
								"beacon.signalr.endpoints[0].connection-string", WEST),
						"beacon.signalr.endpoints", "beacon.signalr.connection-string and beacon.signalr.endpoints"),
				arguments("Functions single and Functions list",
						variables("AzureSignalRConnectionString", EAST, "Azure__SignalR__Endpoints__west", WEST),
						"beacon.signalr.endpoints",
						"AzureSignalRConnectionString and Azure__SignalR__Endpoints__<name>"),
				arguments("list and Functions", variables("BEACON_SIGNALR_ENDPOINTS_0_NAME", "east",
						"BEACON_SIGNALR_ENDPOINTS_0_CONNECTION_STRING", EAST, "Azure__SignalR__Endpoints__west", WEST),
						"beacon.signalr.endpoints", "beacon.signalr.endpoints and Azure__SignalR__Endpoints__<name>"),
				arguments("duplicate names in the list", properties("beacon.signalr.endpoints[0].name", "east",
						"beacon.signalr.endpoints[0].connection-string", EAST, "beacon.signalr.endpoints[1].name",
						"EAST", "beacon.signalr.endpoints[1].connection-string", WEST),
						"beacon.signalr.endpoints[1].name",
						"beacon.signalr.endpoints[0].name and beacon.signalr.endpoints[1].name"),
				arguments("duplicate names in the Functions form",
						properties("Azure:SignalR:Endpoints:east", EAST, "Azure:SignalR:Endpoints:East:secondary",
								WEST),
						"Azure:SignalR:Endpoints:east", "Azure:SignalR:Endpoints:East:secondary"),
				arguments("name missing", properties("beacon.signalr.endpoints[0].connection-string", EAST),
						"beacon.signalr.endpoints[0].name", "beacon.signalr.endpoints[0].name must name the endpoint"),
				arguments("name with a space",
						properties("beacon.signalr.endpoints[0].name", "east us",
								"beacon.signalr.endpoints[0].connection-string", EAST),
						"beacon.signalr.endpoints[0].name", "beacon.signalr.endpoints[0].name must name the endpoint"),
				arguments("name starting with a dash",
						variables("BEACON_SIGNALR_ENDPOINTS_0_NAME", "-east",
								"BEACON_SIGNALR_ENDPOINTS_0_CONNECTION_STRING", EAST),
						"beacon.signalr.endpoints[0].name", "beacon.signalr.endpoints[0].name must name the endpoint"),
				arguments("name of 65 characters",
						properties("beacon.signalr.endpoints[0].name", "e".repeat(65),
								"beacon.signalr.endpoints[0].connection-string", EAST),
						"beacon.signalr.endpoints[0].name", "1 to 64 letters"),
				arguments("bad Functions name", properties("Azure:SignalR:Endpoints:east us", EAST),
						"Azure:SignalR:Endpoints:east us", "Azure:SignalR:Endpoints:east us must name the endpoint"),
				arguments("unknown type in the list", properties("beacon.signalr.endpoints[0].name", "east",
						"beacon.signalr.endpoints[0].connection-string", EAST, "beacon.signalr.endpoints[1].name",
						"west", "beacon.signalr.endpoints[1].connection-string", WEST,
						"beacon.signalr.endpoints[1].type", "backup"), "beacon.signalr.endpoints[1].type",
						"beacon.signalr.endpoints[1].type must be primary or secondary"),
				arguments("unknown type in a Functions variable",
						variables("Azure__SignalR__Endpoints__east", EAST, "Azure__SignalR__Endpoints__west__backup",
								WEST),
						"Azure__SignalR__Endpoints__west__backup",
						"Azure__SignalR__Endpoints__west__backup must be primary or secondary"),
				arguments("unknown type in a Functions key", properties("Azure:SignalR:Endpoints:west:backup", WEST),
						"Azure:SignalR:Endpoints:west:backup",
						"Azure:SignalR:Endpoints:west:backup must be primary or secondary"),
				arguments("Functions variable with a third segment",
						variables("Azure__SignalR__Endpoints__west__secondary__2", WEST),
						"Azure__SignalR__Endpoints__west__secondary__2",
						"Azure__SignalR__Endpoints__west__secondary__2 must be Azure__SignalR__Endpoints__<name> or"),
				arguments("entries numbered from 1",
						properties("beacon.signalr.endpoints[1].name", "west",
								"beacon.signalr.endpoints[1].connection-string", WEST),
						"beacon.signalr.endpoints[1]", "beacon.signalr.endpoints[1] cannot be read"),
				arguments("a gap in the numbering",
						variables("BEACON_SIGNALR_ENDPOINTS_0_NAME", "east",
								"BEACON_SIGNALR_ENDPOINTS_0_CONNECTION_STRING", EAST,
								"BEACON_SIGNALR_ENDPOINTS_2_CONNECTION_STRING", WEST),
						"beacon.signalr.endpoints[2]", "numbered from 0 without gaps"),
				arguments("a connection string where the list goes", variables("BEACON_SIGNALR_ENDPOINTS", EAST),
						"beacon.signalr.endpoints", "beacon.signalr.endpoints must be a list of entries"),
				arguments("connection string missing", properties("beacon.signalr.endpoints[0].name", "east",
						"beacon.signalr.endpoints[0].connection-string", EAST, "beacon.signalr.endpoints[1].name",
						"west", "beacon.signalr.endpoints[1].type", "secondary"),
						"beacon.signalr.endpoints[1].connection-string",
						"beacon.signalr.endpoints[1].connection-string is missing"),
				arguments("connection string blank",
						variables("BEACON_SIGNALR_ENDPOINTS_0_NAME", "east",
								"BEACON_SIGNALR_ENDPOINTS_0_CONNECTION_STRING", " "),
						"beacon.signalr.endpoints[0].connection-string",
						"beacon.signalr.endpoints[0].connection-string is missing"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void badSettingsAreRefusedNamingTheSettingButNeverTheAccessKey(String description,
			ConfigurableEnvironment environment, String setting, String message) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> ConfiguredEndpoints.find(environment))
			.withMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(setting))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(ACCESS_KEY))
			.satisfies((ex) -> assertThat(ex).as("a cause Spring Boot's failure report would print").hasNoCause());
	}

	@Test
	void invalidConnectionStringInAnEntryNamesItsSettingButNotTheKey() {
		List<ConfiguredEndpoint> endpoints = ConfiguredEndpoints.find(properties("beacon.signalr.endpoints[0].name",
				"east", "beacon.signalr.endpoints[0].connection-string", EAST, "beacon.signalr.endpoints[1].name",
				"west", "beacon.signalr.endpoints[1].connection-string",
				"Endpoint=ftp://west.service.signalr.net;AccessKey=" + ACCESS_KEY));

		assertThat(endpoints.get(0).parse(ConfiguredEndpointsTests::noEntra).name()).isEqualTo("east");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> endpoints.get(1).parse(ConfiguredEndpointsTests::noEntra))
			.withMessageContaining("Endpoint must be an absolute http or https URI")
			.withMessageContaining("setting: beacon.signalr.endpoints[1].connection-string")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(ACCESS_KEY));
	}

	@Test
	void parsedEntryCarriesItsNameAndType() {
		ServiceEndpoint west = ConfiguredEndpoints.find(variables("Azure__SignalR__Endpoints__west__secondary", WEST))
			.get(0)
			.parse(ConfiguredEndpointsTests::noEntra);

		assertThat(west.name()).isEqualTo("west");
		assertThat(west.type()).isEqualTo(EndpointType.SECONDARY);
		assertThat(west.endpoint()).hasToString("https://west.service.signalr.net");
	}

	@Test
	void configuredEndpointNeverPrintsItsConnectionString() {
		assertThat(ConfiguredEndpoints.find(properties("AzureSignalRConnectionString", EAST)).get(0).toString())
			.contains("AzureSignalRConnectionString")
			.doesNotContain(ACCESS_KEY);
	}

	private static ServiceCredential noEntra(EntraIdentity identity) {
		throw new AssertionError("These connection strings use an AccessKey");
	}

	private static MockEnvironment properties(String... keysAndValues) {
		MockEnvironment environment = new MockEnvironment();
		pairs(keysAndValues).forEach(environment::setProperty);
		return environment;
	}

	/** Only these variables, bound by Spring's rules for the system environment. */
	private static ConfigurableEnvironment variables(String... namesAndValues) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new LinkedHashMap<>(pairs(namesAndValues))));
		return environment;
	}

	private static Map<String, String> pairs(String... keysAndValues) {
		Map<String, String> pairs = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			pairs.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return pairs;
	}

}
