package dev.beacon.upstream;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.EntraTenant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beacon signed in with Microsoft Entra ID (no access keys, so no
 * {@code X-ASRS-Signature}) receives upstream requests authenticated by the service's
 * managed-identity token, checked against a local tenant's published keys.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"beacon.signalr.connection-string=Endpoint=http://127.0.0.1:9;AuthType=azure.msi;"
						+ "ClientId=upstream-bearer-tests;Version=1.0;",
				"beacon.upstream.auth.audience=" + EntraTenant.AUDIENCE,
				"beacon.upstream.auth.tenant-id=" + EntraTenant.TENANT_ID,
				"beacon.upstream.auth.callers=" + EntraTenant.CALLER_CLIENT_ID })
@Import(UpstreamBearerAuthenticationTests.Events.class)
class UpstreamBearerAuthenticationTests {

	@RegisterExtension
	static final EntraTenant tenant = new EntraTenant();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void tenantKeys(DynamicPropertyRegistry registry) {
		registry.add("beacon.upstream.auth.jwk-set-uri", () -> tenant.start().jwkSetUri());
	}

	@BeforeEach
	void clear() {
		Events.connected.clear();
	}

	@Test
	void connectEventWithTheServicesTokenIsDispatched() {
		HttpResponse<String> response = post(tenant.token());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Events.connected).extracting(ClientConnectedEvent::connectionId).containsExactly("conn-1");
	}

	@Test
	void eventWithoutATokenIsRefusedAsProblemAndNotDispatched() {
		HttpResponse<String> response = post(null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("Authorization: Bearer is missing");
		assertThat(Events.connected).isEmpty();
	}

	@Test
	void eventWithAnotherAudiencesOrAForgedTokenIsRefused() {
		assertThat(post(tenant.token(tenant.claims().audience("api://other-app").build())).statusCode()).isEqualTo(401);
		assertThat(post(tenant.forgedToken()).statusCode()).isEqualTo(401);
		assertThat(Events.connected).isEmpty();
	}

	private HttpResponse<String> post(@Nullable String token) {
		HttpRequest.Builder request = new BeaconHttp(this.port).request("/runtime/webhooks/signalr")
			.header("X-ASRS-Connection-Id", "conn-1")
			.header("X-ASRS-Hub", "notifications")
			.header("X-ASRS-Category", "connections")
			.header("X-ASRS-Event", "connected")
			.header("X-ASRS-User-Id", "alice")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":10}"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return new BeaconHttp(this.port).send(request);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		static final List<ClientConnectedEvent> connected = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ClientConnectedEvent event) {
			connected.add(event);
		}

	}

}
