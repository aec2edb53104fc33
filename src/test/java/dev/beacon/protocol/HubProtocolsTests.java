package dev.beacon.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class HubProtocolsTests {

	static final char RS = JsonHubProtocol.RECORD_SEPARATOR;

	private final HubProtocols protocols = new HubProtocols(JsonMapper.shared());

	@Test
	void jsonVersionOneIsAnsweredInText() {
		HubProtocols.Handshake handshake = this.protocols.handshake("{\"protocol\":\"json\",\"version\":1}", false);

		assertThat(handshake.protocol()).isSameAs(this.protocols.json());
		assertThat(handshake.response()).isEqualTo(new HubPayload.Text("{}" + RS));
	}

	@Test
	void messagePackVersionOneIsAnsweredWithTheSameJsonInABinaryPayload() {
		HubProtocols.Handshake handshake = this.protocols.handshake("{\"protocol\":\"messagepack\",\"version\":1}",
				true);

		assertThat(handshake.protocol()).isSameAs(this.protocols.messagePack());
		assertThat(handshake.response()).isInstanceOf(HubPayload.Binary.class);
		assertThat(handshake.response().bytes()).containsExactly('{', '}', RS);
	}

	@Test
	void messagePackOnATextOnlyTransportGetsTheOfficialServersError() {
		HubProtocols.Handshake handshake = this.protocols.handshake("{\"protocol\":\"messagepack\",\"version\":1}",
				false);

		assertThat(handshake.accepted()).isFalse();
		assertThat(((HubPayload.Text) handshake.response()).text()).isEqualTo(
				"{\"error\":\"Cannot use the 'messagepack' protocol on the current transport. The transport does not support 'Binary' transfer format.\"}"
						+ RS);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"protocol\":\"blaze\",\"version\":1}|Requested protocol 'blaze' is not available.",
			"{\"version\":1}|Requested protocol '' is not available.",
			"{\"protocol\":\"json\",\"version\":2}|The server does not support version 2 of the 'json' protocol.",
			"{\"protocol\":\"messagepack\",\"version\":2}|The server does not support version 2 of the 'messagepack' protocol.",
			"{\"protocol\":\"json\"}|The server does not support version  of the 'json' protocol.",
			"{\"protocol\":|Handshake request is not valid JSON.", "[1]|Handshake request is not valid JSON." })
	void otherHandshakesGetTheOfficialServersErrorInJson(String request, String error) {
		HubProtocols.Handshake handshake = this.protocols.handshake(request, true);

		assertThat(handshake.protocol()).isNull();
		assertThat(handshake.response()).isInstanceOfSatisfying(HubPayload.Text.class, (text) -> assertThat(
				JsonMapper.shared().readTree(text.text().replace(String.valueOf(RS), "")).path("error").asString())
			.isEqualTo(error));
	}

}
