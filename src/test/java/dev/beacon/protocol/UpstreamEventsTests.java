package dev.beacon.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamEventsTests {

	static final JsonMapper json = JsonMapper.shared();

	@Test
	void connectedAndDisconnectedBodiesAreTheDocumentedTypes() {
		assertThat(json.readTree(UpstreamEvents.CONNECTED_BODY)).isEqualTo(json.readTree("{\"type\":10}"));
		assertThat(UpstreamEvents.disconnectedBody(json, null)).isEqualTo("{\"type\":11}");
		assertThat(json.readTree(UpstreamEvents.disconnectedBody(json, "socket \"reset\"")))
			.isEqualTo(json.readTree("{\"type\":11,\"error\":\"socket \\\"reset\\\"\"}"));
	}

	@Test
	void disconnectErrorReadsBackWhatWasWritten() {
		assertThat(UpstreamEvents.disconnectError(json, UpstreamEvents.disconnectedBody(json, "timed out")))
			.isEqualTo("timed out");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":11,\"error\":\"reset\"}", "{\"Type\":11,\"Error\":\"reset\"}",
			"{\"ERROR\":\"reset\",\"type\":11}" })
	void disconnectErrorIsReadInTheDocumentationsCasingAndTheEmulators(String body) {
		assertThat(UpstreamEvents.disconnectError(json, body)).isEqualTo("reset");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  ", "{\"type\":11}", "{\"type\":11,\"error\":null}", "{\"type\":11,\"error\":42}",
			"not json", "[\"error\"]", "{\"type\":11,\"error\":" })
	void noErrorOrAnUnreadableBodyIsNoError(String body) {
		assertThat(UpstreamEvents.disconnectError(json, body)).isNull();
	}

}
