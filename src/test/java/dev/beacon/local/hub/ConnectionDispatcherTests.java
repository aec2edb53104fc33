package dev.beacon.local.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocols;
import dev.beacon.protocol.JsonHubProtocol;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * What a client's text costs the service: a message may arrive in as many frames as the
 * client likes, up to the 1 MiB limit.
 */
class ConnectionDispatcherTests {

	private final LocalUpstream upstream = mock(LocalUpstream.class);

	private final ConnectionDispatcher dispatcher = new ConnectionDispatcher(
			new LocalHubs(Clock.systemUTC(), (connection) -> {
			}), new HubProtocols(JsonMapper.shared()), this.upstream);

	private final List<HubPayload> written = new CopyOnWriteArrayList<>();

	private final LocalConnection connection = new LocalConnection(
			new LocalConnection.ConnectionInfo("c1", "token-c1", "chat", null, Map.of(), "")) {

		@Override
		public String transport() {
			return "none";
		}

		@Override
		protected void write(HubPayload framed) {
			ConnectionDispatcherTests.this.written.add(framed);
		}

		@Override
		protected void terminate() {
		}

	};

	@Test
	void aHandshakeArrivingOneCharacterAtATimeIsSearchedForItsSeparatorOnlyInWhatIsNew() {
		String request = "{\"protocol\":\"json\",\"version\":1}";
		String padded = request.substring(0, request.length() - 1)
				+ " ".repeat(JsonHubProtocol.MAX_MESSAGE_SIZE - request.length() - 1) + "}"
				+ JsonHubProtocol.RECORD_SEPARATOR;

		// Searching all the pending text again for each frame took over a minute of CPU
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			for (int i = 0; i < padded.length(); i++) {
				this.dispatcher.onText(this.connection, padded.substring(i, i + 1));
			}
		});

		assertThat(this.connection.protocol()).isInstanceOf(JsonHubProtocol.class);
		assertThat(this.written).containsExactly(new HubPayload.Text(JsonHubProtocol.HANDSHAKE_OK));
		assertThat(this.connection.inbound()).isEmpty();
		then(this.upstream).should().connected(this.connection);
	}

}
