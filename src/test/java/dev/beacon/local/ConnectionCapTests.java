package dev.beacon.local;

import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A replica holds at most {@code beacon.local.max-connections} clients: the next one's
 * negotiate is a 503, which a load balancer's retry or the client's reconnect takes to
 * another replica; once one leaves, there is room again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.local.max-connections=1", "beacon.status.broadcast-interval=0" })
class ConnectionCapTests {

	@LocalServerPort
	int port;

	@Test
	void theClientPastTheCapIsRefusedUntilOneLeaves() {
		HubConnection first = client();
		first.start().blockingAwait(10, TimeUnit.SECONDS);
		HubConnection second = client();

		Throwable refused = catchThrowable(() -> second.start().blockingAwait(10, TimeUnit.SECONDS));

		assertThat(refused).isNotNull().hasMessageContaining("503");
		first.stop().blockingAwait(5, TimeUnit.SECONDS);
		HubConnection third = client();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(catchThrowable(() -> third.start().blockingAwait(10, TimeUnit.SECONDS))).isNull();
		});
		third.stop().blockingAwait(5, TimeUnit.SECONDS);
	}

	private HubConnection client() {
		return HubConnectionBuilder.create("http://localhost:" + this.port + "/api").build();
	}

}
