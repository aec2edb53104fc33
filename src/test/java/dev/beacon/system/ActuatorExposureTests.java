package dev.beacon.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"beacon.signalr.connection-string=Endpoint=https://leak-check.service.signalr.net;"
						+ "AccessKey=LEAKCHECKLEAKCHECKLEAKCHECKLEAKCHECK0123456;Version=1.0;",
				"beacon.api.keys=" + API_KEY })
class ActuatorExposureTests {

	static final String KEY = "LEAKCHECKLEAKCHECKLEAKCHECKLEAKCHECK0123456";

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void actuatorListsOnlyHealthAndInfo() throws Exception {
		HttpResponse<String> links = get("/actuator");

		assertThat(links.statusCode()).isEqualTo(200);
		assertThat(links.body()).contains("/actuator/health", "/actuator/info")
			.doesNotContain("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
			"/actuator/threaddump", "/actuator/loggers", "/actuator/mappings", "/actuator/metrics",
			"/actuator/shutdown" })
	void otherEndpointsAreNotExposed(String path) throws Exception {
		assertThat(get(path).statusCode()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info" })
	void probesAnswerUpWithoutTheAccessKey(String path) throws Exception {
		HttpResponse<String> response = get(path);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain(KEY).doesNotContain("AccessKey");
	}

	@Test
	void everyoneSeesComponentStatusesButNotTheirDetails() throws Exception {
		HttpResponse<String> health = get("/actuator/health");

		assertThat(health.statusCode()).isEqualTo(503);
		tools.jackson.databind.JsonNode components = tools.jackson.databind.json.JsonMapper.shared()
			.readTree(health.body())
			.path("components");
		assertThat(components.path("signalr").path("status").asString()).isEqualTo("DOWN");
		assertThat(components.path("diskSpace").path("status").asString()).isEqualTo("UP");
		assertThat(health.body()).doesNotContain("details", "could not be reached", "path");
	}

	@Test
	void healthShowsTheUnreachableServiceAsDownWithoutTheAccessKey() throws Exception {
		// The endpoint of this test's connection string does not exist.
		HttpResponse<String> health = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health"))
				.header("X-API-Key", API_KEY)
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(health.statusCode()).isEqualTo(503);
		tools.jackson.databind.JsonNode signalr = tools.jackson.databind.json.JsonMapper.shared()
			.readTree(health.body())
			.path("components")
			.path("signalr");
		assertThat(signalr.path("status").asString()).isEqualTo("DOWN");
		assertThat(signalr.path("details").path("error").asString()).contains("could not be reached");
		assertThat(health.body()).doesNotContain(KEY);
	}

	@Test
	void infoShowsBuildInformation() throws Exception {
		assertThat(get("/actuator/info").body()).contains("\"artifact\":\"beacon\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
