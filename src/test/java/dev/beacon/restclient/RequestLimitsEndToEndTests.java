package dev.beacon.restclient;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.beacon.BeaconApplication;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A valid name too long for the service once percent-encoded (1,000 characters of three
 * bytes: a 9 KB path, which the service answers 431 and Beacon used to pass on as 502):
 * refused by Beacon itself with 400 naming the limit, before any call, in Azure mode and
 * in local mode alike; one that fits is sent.
 */
class RequestLimitsEndToEndTests {

	static final String EUROS = "€".repeat(1000);

	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().answering(202);

	@Test
	void inAzureModeATooLongNameIsRefusedBeforeAnyCallAndOneThatFitsIsSent() {
		try (ConfigurableApplicationContext beacon = start(
				"--beacon.signalr.connection-string=" + service.connectionString())) {
			assertRefusedAndFitting(new BeaconHttp(port(beacon)));
			assertThat(service.requests()).hasSize(1);
			assertThat(service.onlyRequest().getUrl()).contains("/users/" + encode("€".repeat(880)) + "/:send");
		}
	}

	@Test
	void inLocalModeTheSameRequestsGetTheSameAnswers() {
		try (ConfigurableApplicationContext beacon = start()) {
			assertRefusedAndFitting(new BeaconHttp(port(beacon)));
		}
	}

	private static void assertRefusedAndFitting(BeaconHttp http) {
		HttpResponse<String> send = http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"hello\",\"arguments\":[],\"userId\":\"" + EUROS + "\"}", API_KEY);
		assertThat(send.statusCode()).as(send.body()).isEqualTo(400);
		assertThat(BeaconHttp.json(send).path("detail").asString()).contains("request line of")
			.contains("8192 the service reads");
		HttpResponse<String> join = http.call("PUT", "/api/hubs/notifications/groups/ops/users/" + encode(EUROS),
				API_KEY);
		assertThat(join.statusCode()).as(join.body()).isEqualTo(400);

		HttpResponse<String> fits = http.postJson("/api/hubs/notifications/messages",
				"{\"target\":\"hello\",\"arguments\":[],\"userId\":\"" + "€".repeat(880) + "\"}", API_KEY);
		assertThat(fits.statusCode()).as(fits.body()).isEqualTo(202);
	}

	private static ConfigurableApplicationContext start(String... settings) {
		String[] arguments = new String[settings.length + 4];
		arguments[0] = "--server.port=0";
		arguments[1] = "--beacon.api.keys=" + API_KEY;
		arguments[2] = "--beacon.status.broadcast-interval=0";
		arguments[3] = "--beacon.signalr.retry.max-retries=0";
		System.arraycopy(settings, 0, arguments, 4, settings.length);
		return new SpringApplicationBuilder(BeaconApplication.class).run(arguments);
	}

	private static int port(ConfigurableApplicationContext beacon) {
		return ((WebServerApplicationContext) beacon).getWebServer().getPort();
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8);
	}

}
