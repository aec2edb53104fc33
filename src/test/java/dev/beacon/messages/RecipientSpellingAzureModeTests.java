package dev.beacon.messages;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every accepted and refused spelling of a recipient ({@code recipients/spellings.json})
 * in Azure mode: what reached the service is exactly the one send the row names (its
 * path, its {@code excluded}, the message's own arguments), or nothing at all with a 400
 * naming the property. The local-mode twin, with clients that receive, is
 * {@link RecipientSpellingTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "beacon.api.keys=" + API_KEY,
		"beacon.status.broadcast-interval=0", "beacon.signalr.retry.max-retries=0" })
class RecipientSpellingAzureModeTests {

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@DynamicPropertySource
	static void connectionString(DynamicPropertyRegistry registry) {
		service.registerConnectionString(registry);
	}

	@LocalServerPort
	int port;

	BeaconHttp http;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
	}

	static Stream<Arguments> rows() throws IOException {
		JsonNode table;
		try (InputStream in = RecipientSpellingAzureModeTests.class.getResourceAsStream("/recipients/spellings.json")) {
			table = JsonMapper.shared().readTree(in);
		}
		Stream.Builder<Arguments> rows = Stream.builder();
		int index = 0;
		for (JsonNode row : table.path("messages")) {
			String id = "m" + index++;
			rows.add(argumentSet("messages: " + row.path("name").asString(), "/api/hubs/notifications/messages",
					fill(row.path("body").asString(), id), row, id, ""));
			rows.add(argumentSet("messages:batch: " + row.path("name").asString(),
					"/api/hubs/notifications/messages:batch",
					"{\"messages\":[" + fill(row.path("body").asString(), id) + "]}", row, id, "messages[0]"));
		}
		for (JsonNode row : table.path("batches")) {
			String id = "e" + index++;
			rows.add(argumentSet("messages:batch envelope: " + row.path("name").asString(),
					"/api/hubs/notifications/messages:batch", fill(row.path("body").asString(), id), row, id, ""));
		}
		for (JsonNode row : table.path("statuses")) {
			String id = "s" + index++;
			rows.add(argumentSet("status: " + row.path("name").asString(), fill(row.path("path").asString(), id),
					fill(row.path("body").asString(), id), row, id, ""));
		}
		return rows.build();
	}

	@ParameterizedTest
	@MethodSource("rows")
	void onlyTheSendTheRecipientNamesReachesTheServiceOrNothingDoes(String path, String body, JsonNode row, String id,
			String location) {
		HttpResponse<String> response = this.http.postJson(path, body, API_KEY);

		List<LoggedRequest> sent = service.requests();
		if (row.path("to").asString().equals("refused")) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(BeaconHttp.json(response).path("detail").asString()).startsWith(location)
				.contains(row.path("detail").asString());
			assertThat(sent).isEmpty();
			return;
		}
		assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
		String[] expected = fill(row.path("service").asString(), id).split("\\?excluded=");
		assertThat(sent).singleElement().satisfies((request) -> {
			assertThat(request.getMethod().getName()).isEqualTo("POST");
			assertThat(request.getUrl()).startsWith(expected[0] + "?");
			assertThat(request.getQueryParams().containsKey("excluded")).isEqualTo(expected.length > 1);
			if (expected.length > 1) {
				assertThat(request.queryParameter("excluded").values()).containsExactly(expected[1]);
			}
			assertThat(request.getBodyAsString()).contains("\"" + id + "\"");
		});
	}

	private static String fill(String text, String id) {
		return text.replace("$ID", id).replace("{A}", "conn-a").replace("{B}", "conn-b");
	}

}
