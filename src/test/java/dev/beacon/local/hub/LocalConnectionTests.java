package dev.beacon.local.hub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import dev.beacon.protocol.HubProtocols;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message sent the instant a client has its handshake's answer reaches it, even when
 * the transport wrote that answer before the handshake's thread set the protocol (found
 * by the conformance suite once WebSocket connections got writers of their own).
 */
class LocalConnectionTests {

	private final HubProtocol json = new HubProtocols(JsonMapper.shared()).json();

	@Test
	void aMessageSentWhileTheHandshakesAnswerIsBeingWrittenFollowsIt() throws Exception {
		OutgoingMessage message = new OutgoingMessage("hello", JsonMapper.shared().readTree("[\"right after\"]"));
		AnsweringClient connection = new AnsweringClient(message);

		connection.handshaken(this.json, this.json.handshakeOk());
		java.util.Objects.requireNonNull(connection.reaction).join(TimeUnit.SECONDS.toMillis(5));

		assertThat(connection.written).hasSize(2);
		assertThat(connection.written.get(0)).isEqualTo("{}\u001e");
		assertThat(connection.written.get(1)).contains("right after");
	}

	/**
	 * A transport whose client acts on the handshake's answer before the write returns:
	 * another thread sends it a message, and the write waits a moment for it.
	 */
	static final class AnsweringClient extends LocalConnection {

		final List<String> written = new CopyOnWriteArrayList<>();

		private final OutgoingMessage message;

		@Nullable Thread reaction;

		AnsweringClient(OutgoingMessage message) {
			super(new ConnectionInfo("c1", "c1-token", "chat", "alice", Map.of(), "hub=chat"));
			this.message = message;
		}

		@Override
		public String transport() {
			return "test";
		}

		@Override
		protected void write(HubPayload framed) {
			this.written.add(new String(framed.bytes(), StandardCharsets.UTF_8));
			if (this.reaction == null) {
				this.reaction = Thread.ofVirtual().start(() -> send(this.message));
				try {
					this.reaction.join(200);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		@Override
		protected void terminate() {
		}

	}

}
