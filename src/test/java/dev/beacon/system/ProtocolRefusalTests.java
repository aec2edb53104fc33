package dev.beacon.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.beacon.support.BeaconTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused at the protocol level, by Tomcat or by Beacon before any endpoint,
 * sent as raw bytes: each answers problem+json whose detail says what was refused, never
 * that Beacon failed, and nothing is logged at ERROR.
 */
@ExtendWith(OutputCaptureExtension.class)
@BeaconTest
class ProtocolRefusalTests {

	@LocalServerPort
	int port;

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			GET /error HTTP/1.1                                          | 404 | No endpoint GET /error
			HEAD /error HTTP/1.1                                         | 404 |
			POST /error HTTP/1.1                                         | 404 | No endpoint POST /error
			POST /api/status HTTP/1.1\\r\\nTransfer-Encoding: gzip, chunked | 501 | transfer coding
			GET /api/status HTTP/9.9                                     | 505 | HTTP/1.1
			GET /api/status HTTP/2.0                                     | 505 | HTTP/1.1
			CONNECT example.com:443 HTTP/1.1                             | 501 | CONNECT
			""")
	void aRequestRefusedBeforeAnyEndpointSaysWhatWasRefused(String requestLine, int status, String detail,
			CapturedOutput output) throws IOException {
		String answer = send(requestLine.replace("\\r\\n", "\r\n"));

		assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
		assertThat(answer).doesNotContain("failed unexpectedly").doesNotContain("Exception");
		if (!requestLine.startsWith("HEAD")) {
			assertThat(answer).contains("Content-Type: application/problem+json");
			assertThat(answer).contains("\"status\":" + status).contains(detail);
			assertThat(answer).containsPattern("\"traceId\":\"[0-9a-f]{32}\"");
		}
		assertThat(output).doesNotContain(" ERROR ");
	}

	@Test
	void aRefusalTomcatAnswersCarriesTheCallersTraceIdWhenItSentOne() throws IOException {
		String answer = send("GET /api/status HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n"
				+ "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

		assertThat(answer).startsWith("HTTP/1.1 501 ").contains("\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"");
	}

	@Test
	void aRefusalWithoutATraceparentGetsATraceIdOfItsOwn() {
		assertThat(ProblemErrorReportValve.traceId(null)).matches("[0-9a-f]{32}")
			.isNotEqualTo(ProblemErrorReportValve.traceId(null));
		assertThat(ProblemErrorReportValve.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
			.isNotEqualTo("00000000000000000000000000000000");
		assertThat(ProblemErrorReportValve.traceId("garbage")).matches("[0-9a-f]{32}");
	}

	private String send(String head) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((head + "\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
