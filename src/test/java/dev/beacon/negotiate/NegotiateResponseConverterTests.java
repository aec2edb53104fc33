package dev.beacon.negotiate;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.mock.http.MockHttpOutputMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class NegotiateResponseConverterTests {

	private static final String TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJ4In0.a-b_c";

	private final NegotiateResponseConverter converter = new NegotiateResponseConverter();

	@ParameterizedTest
	@ValueSource(strings = { "https://demo.service.signalr.net/client/?hub=notifications",
			"http://localhost:8080/local/client/?hub=a`b,c.[d]", "http://h\"o\\s\u00e9t\u2028/client/?hub=x" })
	void writesWhatJacksonWouldWithAContentLength(String url) throws IOException {
		NegotiateResponse response = new NegotiateResponse(url, TOKEN);
		MockHttpOutputMessage output = new MockHttpOutputMessage();

		this.converter.write(response, MediaType.APPLICATION_JSON, output);

		byte[] written = output.getBodyAsBytes();
		assertThat(JsonMapper.shared().readTree(written))
			.isEqualTo(JsonMapper.shared().readTree(JsonMapper.shared().writeValueAsBytes(response)));
		assertThat(output.getHeaders().getContentLength()).isEqualTo(written.length);
		assertThat(output.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
	}

	@Test
	void onlyWritesNegotiateResponses() {
		assertThat(this.converter.canWrite(NegotiateResponse.class, MediaType.APPLICATION_JSON)).isTrue();
		assertThat(this.converter.canWrite(String.class, MediaType.APPLICATION_JSON)).isFalse();
		assertThat(this.converter.canRead(NegotiateResponse.class, MediaType.APPLICATION_JSON)).isFalse();
	}

	@Test
	void refusesATokenThatWouldNeedEscaping() {
		NegotiateResponse response = new NegotiateResponse("https://x/client/?hub=h", "abc\"def");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.converter.write(response, MediaType.APPLICATION_JSON, new MockHttpOutputMessage()));
	}

}
