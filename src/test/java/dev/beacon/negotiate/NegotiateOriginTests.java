package dev.beacon.negotiate;

import java.net.URI;

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
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/negotiate");
		request.setScheme(scheme);
		request.setServerName(host);
		request.setServerPort(port);
		request.setQueryString("negotiateVersion=1");
		assertThat(NegotiateController.origin(request)).isEqualTo(URI.create(expected));
	}

}
