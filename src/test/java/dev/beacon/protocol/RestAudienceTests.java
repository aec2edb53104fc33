package dev.beacon.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audience rule of Microsoft's SDK ({@code RestApiProvider}), which the service
 * checks REST tokens against.
 */
class RestAudienceTests {

	static final String BASE = "https://foo.service.signalr.net";

	@ParameterizedTest(name = "{0}?{1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", value = {
			"/api/hubs/chat/:send|api-version=2022-06-01|/api/hubs/chat/:send?api-version=2022-06-01",
			"/api/hubs/chat/:send|application=app&api-version=2022-06-01|/api/hubs/chat/:send?application=app&api-version=2022-06-01",
			"/api/hubs/chat/:send|api-version=2022-06-01&application=app|/api/hubs/chat/:send?api-version=2022-06-01&application=app",
			"/api/hubs/chat/:send|excluded=c1&api-version=2022-06-01&excluded=c2|/api/hubs/chat/:send?api-version=2022-06-01",
			"/api/hubs/chat/:closeConnections|api-version=2022-06-01&reason=bye&excluded=c1|/api/hubs/chat/:closeConnections?api-version=2022-06-01",
			"/api/hubs/chat/users/a/groups/g|ttl=60&application=app&api-version=2022-06-01|/api/hubs/chat/users/a/groups/g?application=app&api-version=2022-06-01",
			"/api/hubs/chat/groups/a%20b/:send|api-version=2022-06-01|/api/hubs/chat/groups/a%20b/:send?api-version=2022-06-01",
			"/api/health|NULL|/api/health", "/api/health|''|/api/health",
			"/api/hubs/chat/:send|excluded=api-version%3D1&reason=application=x|/api/hubs/chat/:send",
			"/api/hubs/chat/:send|xapi-version=1&applications=x|/api/hubs/chat/:send" })
	void audienceKeepsOnlyApiVersionAndApplicationInTheirOrder(String path, String query, String signed) {
		assertThat(RestAudience.of(BASE, path, query)).isEqualTo(BASE + signed);
	}

}
