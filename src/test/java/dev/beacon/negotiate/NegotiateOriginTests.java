package dev.beacon.negotiate;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class NegotiateOriginTests {

	@ParameterizedTest
	@CsvSource({ "http, beacon.example, 80, http://beacon.example",
			"https, beacon.example, 443, https://beacon.example", "http, localhost, 8080, http://localhost:8080",
			"https, beacon.example, 80, https://beacon.example:80", "http, ::1, 8080, 'http://[::1]:8080'",
			"http, '[::1]', 8080, 'http://[::1]:8080'" })
	void originIsSchemeHostAndPortWithDefaultPortsLeftOut(String scheme, String host, int port, String expected) {
		assertThat(NegotiateController.origin(scheme, host, port)).isEqualTo(URI.create(expected));
	}

	@Test
	void originIsReusedOnlyForTheSameSchemeHostAndPort() {
		NegotiateController controller = new NegotiateController(null, null, null);
		URI first = controller.origin(request("http", "localhost", 8080));

		assertThat(controller.origin(request("http", "localhost", 8080))).isSameAs(first);
		assertThat(controller.origin(request("https", "localhost", 8080))).hasToString("https://localhost:8080");
		assertThat(controller.origin(request("https", "beacon.example", 8080)))
			.hasToString("https://beacon.example:8080");
		assertThat(controller.origin(request("https", "beacon.example", 443))).hasToString("https://beacon.example");
	}

	private static MockHttpServletRequest request(String scheme, String host, int port) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/negotiate");
		request.setScheme(scheme);
		request.setServerName(host);
		request.setServerPort(port);
		return request;
	}

}
