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
import static org.mockito.Mockito.never;

/**
 * What clients send, as the dispatcher takes it: a message may arrive in as many frames
 * as the client likes, up to the 1 MiB limit, and a handshake makes a connection active
 * only if no live one has its id.
 */
class ConnectionDispatcherTests {

	private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + JsonHubProtocol.RECORD_SEPARATOR;

	private final LocalUpstream upstream = mock(LocalUpstream.class);

	/** The connections the upstream hears have ended. */
	private final List<LocalConnection> removed = new CopyOnWriteArrayList<>();

	private final LocalHubs hubs = new LocalHubs(Clock.systemUTC(), this.removed::add);

	private final ConnectionDispatcher dispatcher = new ConnectionDispatcher(this.hubs,
			new HubProtocols(JsonMapper.shared()), this.upstream);

	@Test
	void aHandshakeArrivingOneCharacterAtATimeIsSearchedForItsSeparatorOnlyInWhatIsNew() {
		TestConnection connection = attached("c1", "token-c1");
		String padded = HANDSHAKE.substring(0, HANDSHAKE.length() - 2)
				+ " ".repeat(JsonHubProtocol.MAX_MESSAGE_SIZE - HANDSHAKE.length()) + "}"
				+ JsonHubProtocol.RECORD_SEPARATOR;

		// Searching all the pending text again for each frame took over a minute of CPU
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			for (int i = 0; i < padded.length(); i++) {
				this.dispatcher.onText(connection, padded.substring(i, i + 1));
			}
		});

		assertThat(connection.protocol()).isInstanceOf(JsonHubProtocol.class);
		assertThat(connection.written).containsExactly(new HubPayload.Text(JsonHubProtocol.HANDSHAKE_OK));
		assertThat(connection.inbound()).isEmpty();
		then(this.upstream).should().connected(connection);
	}

	@Test
	void aSecondConnectionWithALiveIdIsRefusedAndTheFirstKeepsItsPlaceAndGroups() {
		TestConnection live = attached("c1", "token-a");
		this.dispatcher.onText(live, HANDSHAKE);
		this.hubs.hub("chat").addToGroup("ops", "c1");
		TestConnection duplicate = attached("c1", "token-b");

		this.dispatcher.onText(duplicate, HANDSHAKE);
		this.dispatcher.disconnected(duplicate, null);

		assertThat(duplicate.isHandshaken()).isFalse();
		assertThat(duplicate.isClosed()).isTrue();
		assertThat(duplicate.written).singleElement()
			.asString()
			.contains("error")
			.contains("This connection is open already.");
		assertThat(this.hubs.connection("chat", "c1")).isSameAs(live);
		assertThat(this.hubs.byToken("token-a")).isSameAs(live);
		assertThat(this.hubs.byToken("token-b")).isNull();
		assertThat(this.hubs.hub("chat").groupsOf(live, this.hubs.now())).containsExactly("ops");
		assertThat(live.isClosed()).isFalse();
		then(this.upstream).should().connected(live);
		then(this.upstream).should(never()).connected(duplicate);
		assertThat(this.removed).isEmpty();
	}

	private TestConnection attached(String id, String token) {
		TestConnection connection = new TestConnection(
				new LocalConnection.ConnectionInfo(id, token, "chat", null, Map.of(), ""));
		this.hubs.attach(connection);
		return connection;
	}

	private static final class TestConnection extends LocalConnection {

		private final List<HubPayload> written = new CopyOnWriteArrayList<>();

		TestConnection(ConnectionInfo info) {
			super(info);
		}

		@Override
		public String transport() {
			return "none";
		}

		@Override
		protected void write(HubPayload framed) {
			this.written.add(framed);
		}

		@Override
		protected void terminate() {
		}

	}

}
