package dev.beacon.local.hub;

import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocols;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OutgoingMessageTests {

	private final HubProtocols protocols = new HubProtocols(JsonMapper.shared());

	@Test
	void eachProtocolGetsItsOwnEncodingMadeOnceAndSharedByEveryRecipient() {
		OutgoingMessage message = new OutgoingMessage("hello", JsonMapper.shared().readTree("[1,\"x\"]"));

		HubPayload json = message.in(this.protocols.json());
		HubPayload binary = message.in(this.protocols.messagePack());

		assertThat(json).isInstanceOf(HubPayload.Text.class);
		assertThat(binary).isInstanceOf(HubPayload.Binary.class);
		assertThat(message.in(this.protocols.json())).isSameAs(json);
		assertThat(message.in(this.protocols.messagePack())).isSameAs(binary);
		assertThat(((HubPayload.Text) json).text())
			.isEqualTo("{\"type\":1,\"target\":\"hello\",\"arguments\":[1,\"x\"]}\u001e");
	}

}
