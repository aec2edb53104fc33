package dev.beacon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.beacon.support.BeaconTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the container files are checked by running what they
 * run: their health checks against a live Beacon and their environment names through
 * Spring's binding rules.
 */
@BeaconTest
class ContainerFilesTests {

	/** What each variable passed by docker-compose.yml must configure. */
	static final Map<String, String> COMPOSE_VARIABLES = Map.of("PORT", "port", "BEACON_SIGNALR_CONNECTION_STRING",
			"beacon.signalr.connection-string", "BEACON_API_KEYS", "beacon.api.keys", "BEACON_CORS_ALLOWED_ORIGINS",
			"beacon.cors.allowed-origins", "BEACON_STORE_TYPE", "beacon.store.type", "SPRING_DATA_REDIS_URL",
			"spring.data.redis.url", "BEACON_LOCAL_ACCESS_KEY", "beacon.local.access-key",
			"SERVER_FORWARD_HEADERS_STRATEGY", "server.forward-headers-strategy");

	@LocalServerPort
	int port;

	@Test
	void dockerfileHealthcheckPassesAgainstRunningBeacon() throws Exception {
		String dockerfile = Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
		String healthcheck = dockerfile.lines()
			.filter((line) -> line.startsWith("HEALTHCHECK"))
			.findFirst()
			.orElseThrow();
		List<String> command = JsonMapper.shared()
			.readValue(healthcheck.substring(healthcheck.indexOf("CMD") + 3).trim(), List.class);

		assertThat(run(command, Map.of("SERVER_PORT", String.valueOf(this.port)))).isZero();
		assertThat(run(command, Map.of("SERVER_PORT", "1"))).isNotZero();
	}

	@Test
	void theBuildStageHasEveryFileTheMavenBuildReadsBeforeItRunsMaven() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		String beforeMaven = dockerfile.substring(0, dockerfile.indexOf("RUN mvn"));
		assertThat(beforeMaven).as(".mvn/jvm.config opens javac to Error Prone")
			.containsPattern("(?m)^COPY pom.xml ")
			.containsPattern("(?m)^COPY \\.mvn \\.mvn$");
		assertThat(Path.of(".mvn/jvm.config")).exists();
	}

	@Test
	void dockerfileRunsAsNonRootWithExecFormEntrypoint() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		assertThat(dockerfile).containsPattern("(?m)^USER 10001")
			.containsPattern("(?m)^ENTRYPOINT \\[\"java\",.*\"-jar\", \"beacon.jar\"\\]$")
			.contains("-Djarmode=tools -jar beacon.jar extract --layers");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theCacheIsTrainedWithTheEntrypointsOwnFlags() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		String entrypointLine = dockerfile.lines()
			.filter((line) -> line.startsWith("ENTRYPOINT"))
			.findFirst()
			.orElseThrow();
		List<String> expected = new ArrayList<>(JsonMapper.shared()
			.readValue(entrypointLine.substring("ENTRYPOINT".length()).trim(), List.class)
			.stream()
			.map((arg) -> ((String) arg).replace("-XX:AOTCache=", "-XX:AOTCacheOutput="))
			.toList());
		expected.add(expected.indexOf("-jar"), "-Dspring.context.exit=onRefresh");
		expected.add("--server.port=0");
		String training = dockerfile.substring(dockerfile.indexOf("RUN java -XX:AOTCacheOutput="));
		training = training.substring("RUN ".length(), training.indexOf("&&")).replace("\\\n", " ");

		// A cache trained with other flags (Spring AOT off, another GC) would not match
		// the run.
		assertThat(List.of(training.trim().split("\\s+"))).isEqualTo(expected);
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeHealthcheckPassesAndVariablesBindToBeaconSettings() throws Exception {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		Map<String, Object> beacon = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
			.get("beacon");
		assertThat((List<String>) beacon.get("ports")).containsExactly("8080:8080");

		List<String> test = (List<String>) ((Map<String, Object>) beacon.get("healthcheck")).get("test");
		List<String> command = test.subList(1, test.size())
			.stream()
			.map((part) -> part.replace("/8080", "/" + this.port))
			.toList();
		assertThat(run(command, Map.of())).isZero();

		Map<String, Object> environment = (Map<String, Object>) beacon.get("environment");
		assertThat(environment.keySet()).containsExactlyInAnyOrderElementsOf(COMPOSE_VARIABLES.keySet());
		environment.keySet().forEach((variable) -> assertBindsTo(variable, COMPOSE_VARIABLES.get(variable)));
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeRunsASecondReplicaAndRedisOnlyInTheScaleProfile() throws IOException {
		Map<String, Object> services = (Map<String, Object>) new Yaml()
			.<Map<String, Object>>load(Files.readString(Path.of("docker-compose.yml")))
			.get("services");
		assertThat(services).containsKeys("beacon", "beacon-2", "redis", "lb");
		assertThat((List<String>) ((Map<String, Object>) services.get("lb")).get("profiles")).containsExactly("scale");
		String balancer = (String) ((Map<String, Object>) ((Map<String, Object>) new Yaml()
			.<Map<String, Object>>load(Files.readString(Path.of("docker-compose.yml")))
			.get("configs")).get("lb")).get("content");
		assertThat(balancer).contains("server beacon:8080;", "server beacon-2:8080;", "ip_hash;",
				"proxy_set_header Upgrade $$http_upgrade;");
		assertThat(((Map<String, Object>) services.get("beacon")).get("profiles")).isNull();
		assertThat((List<String>) ((Map<String, Object>) services.get("beacon-2")).get("profiles"))
			.containsExactly("scale");
		assertThat((List<String>) ((Map<String, Object>) services.get("redis")).get("profiles"))
			.containsExactly("scale");
		assertThat(((Map<String, Object>) services.get("beacon-2")).get("environment"))
			.isEqualTo(((Map<String, Object>) services.get("beacon")).get("environment"));
	}

	private static void assertBindsTo(String variable, String property) {
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value"));
		ConfigurationPropertySource bound = ConfigurationPropertySources.from(source).iterator().next();
		assertThat(bound.getConfigurationProperty(ConfigurationPropertyName.of(property)))
			.as("%s binds to %s", variable, property)
			.isNotNull();
	}

	private static int run(List<String> command, Map<String, String> environment) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().putAll(environment);
		Process process = builder.start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

}
