package dev.beacon.messages;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.TransportEnum;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.OfficialClients;
import io.reactivex.rxjava3.core.Single;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client results through Beacon in local mode with the official Java client
 * ({@code onWithResult}): a value, the client's error, no handler, a client that never
 * answers and one that leaves mid-call, each answered as the API documents it.
 */
@BeaconTest
class ClientResultsEndToEndTests {

	@LocalServerPort
	int port;

	private BeaconHttp http;

	@AutoClose
	private OfficialClients clients;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
		this.clients = new OfficialClients(this.port);
	}

	@ParameterizedTest
	@EnumSource(value = TransportEnum.class, names = { "WEBSOCKETS", "LONG_POLLING" })
	void theClientsValueComesBackAsTheResult(TransportEnum transport) {
		HubConnection client = connect(transport);
		client.onWithResult("confirm", (String question) -> Single.just("yes: " + question), String.class);

		HttpResponse<String> response = invoke(client, "{\"target\":\"confirm\",\"arguments\":[\"delete?\"]}", "5s");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(BeaconHttp.json(response).path("result").asString()).isEqualTo("yes: delete?");
	}

	@Test
	void aHandlerThatThrowsIs422WithTheClientsText() {
		HubConnection client = connect(TransportEnum.WEBSOCKETS);
		client.onWithResult("confirm", (String question) -> Single.error(new IllegalStateException("not now")),
				String.class);

		HttpResponse<String> response = invoke(client, "{\"target\":\"confirm\",\"arguments\":[\"x\"]}", "5s");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		JsonNode problem = BeaconHttp.json(response);
		assertThat(problem.path("code").asString()).isEqualTo("Client.Error");
		assertThat(problem.path("detail").asString()).contains("not now");
	}

	@Test
	void aClientWithoutAHandlerIs422SayingSo() {
		HubConnection client = connect(TransportEnum.WEBSOCKETS);

		HttpResponse<String> response = invoke(client, "{\"target\":\"missing\",\"arguments\":[]}", "5s");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(BeaconHttp.json(response).path("detail").asString()).isEqualTo("Client did not provide a result.");
	}

	@Test
	void aClientThatNeverAnswersIs504AfterTheTimeout() {
		HubConnection client = connect(TransportEnum.WEBSOCKETS);
		client.onWithResult("confirm", (String question) -> Single.never(), String.class);

		long started = System.nanoTime();
		HttpResponse<String> response = invoke(client, "{\"target\":\"confirm\",\"arguments\":[\"x\"]}", "1s");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
		assertThat(BeaconHttp.json(response).path("code").asString()).isEqualTo("Client.Timeout");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(900L, 5000L);
	}

	@Test
	void aClientThatLeavesMidCallIs410() {
		HubConnection client = connect(TransportEnum.WEBSOCKETS);
		client.onWithResult("confirm", (String question) -> {
			Thread.ofVirtual().start(() -> {
				// A sleep, not a wait: the handler returns first, so the client leaves
				// mid-call
				sleep(100);
				client.stop().blockingAwait(5, TimeUnit.SECONDS);
			});
			return Single.never();
		}, String.class);

		HttpResponse<String> response = invoke(client, "{\"target\":\"confirm\",\"arguments\":[\"x\"]}", "20s");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(410);
		assertThat(BeaconHttp.json(response).path("code").asString()).isEqualTo("Connection.Closed");
	}

	@Test
	void anUnknownConnectionIs404AndABadTimeoutIs400() {
		HttpResponse<String> unknown = this.http.postJson("/api/hubs/notifications/connections/nobody/invoke",
				"{\"target\":\"confirm\"}", API_KEY);
		HubConnection client = connect(TransportEnum.WEBSOCKETS);
		HttpResponse<String> tooLong = invoke(client, "{\"target\":\"confirm\"}", "6m");

		assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(BeaconHttp.json(tooLong).path("detail").asString()).contains("timeout");
	}

	private HttpResponse<String> invoke(HubConnection client, String body, String timeout) {
		return this.http.postJson(
				"/api/hubs/notifications/connections/" + client.getConnectionId() + "/invoke?timeout=" + timeout, body,
				API_KEY);
	}

	private HubConnection connect(TransportEnum transport) {
		return this.clients.start(this.clients.builder(null).withTransport(transport).build());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
