package dev.beacon.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import dev.beacon.BeaconApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping Beacon sends every connected client a Close message with the reason before the
 * web server goes away.
 */
class GracefulShutdownTests {

	@Test
	void shutdownSendsEveryClientACloseWithTheReason() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BeaconApplication.class).run(
				"--server.port=0", "--beacon.status.broadcast-interval=0", "--beacon.api.keys=" + API_KEY,
				// The production wait, not the test JVM's (pom.xml)
				"--spring.lifecycle.timeout-per-shutdown-phase=20s");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HubConnection connection = HubConnectionBuilder.create("http://localhost:" + port + "/api").build();
		CompletableFuture<Exception> closed = new CompletableFuture<>();
		connection.onClosed(closed::complete);
		connection.start().blockingAwait(15, TimeUnit.SECONDS);
		assertThat(connection.getConnectionState()).isEqualTo(HubConnectionState.CONNECTED);

		context.close();

		Exception reason = closed.get(15, TimeUnit.SECONDS);
		assertThat(reason).isNotNull().hasMessageContaining("Server is shutting down.");
	}

}
