package dev.beacon.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.BeaconTest;
import dev.beacon.support.SwaggerValidation;
import dev.beacon.token.AccessTokenIssuer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every 2022-06-01 operation of the local service's REST API, request and answer
 * validated against Microsoft's Swagger, the file the REST client is validated against.
 */
@BeaconTest
class LocalRestApiSwaggerTests {

	static final String SEND = "{\"target\":\"hello\",\"arguments\":[\"x\"]}";

	@LocalServerPort
	int port;

	@Autowired
	AccessTokenIssuer tokens;

	private final HttpClient http = HttpClient.newHttpClient();

	static Stream<Arguments> operations() {
		return Stream.of(arguments("HEAD", "/api/health", null, 200),
				arguments("POST", "/api/hubs/chat/:send", SEND, 202),
				arguments("POST", "/api/hubs/chat/users/alice/:send", SEND, 202),
				arguments("POST", "/api/hubs/chat/groups/ops/:send", SEND, 202),
				arguments("POST", "/api/hubs/chat/connections/c1/:send", SEND, 202),
				arguments("POST", "/api/hubs/chat/:closeConnections", null, 204),
				arguments("POST", "/api/hubs/chat/groups/ops/:closeConnections", null, 204),
				arguments("POST", "/api/hubs/chat/users/alice/:closeConnections", null, 204),
				arguments("DELETE", "/api/hubs/chat/connections/c1", null, 200),
				arguments("HEAD", "/api/hubs/chat/connections/c1", null, 404),
				arguments("PUT", "/api/hubs/chat/groups/ops/connections/c1", null, 404),
				arguments("DELETE", "/api/hubs/chat/groups/ops/connections/c1", null, 404),
				arguments("DELETE", "/api/hubs/chat/connections/c1/groups", null, 200),
				arguments("PUT", "/api/hubs/chat/users/alice/groups/ops", null, 200),
				arguments("HEAD", "/api/hubs/chat/users/alice/groups/ops", null, 200),
				arguments("DELETE", "/api/hubs/chat/users/alice/groups/ops", null, 204),
				arguments("HEAD", "/api/hubs/chat/users/alice", null, 404),
				arguments("HEAD", "/api/hubs/chat/groups/ops", null, 404),
				arguments("DELETE", "/api/hubs/chat/users/alice/groups", null, 204));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("operations")
	void everyOperationAnswersAsTheSwaggerDescribes(String method, String path, String body, int expected)
			throws Exception {
		String target = path + "?api-version=2022-06-01";
		String token = this.tokens.issue(new AccessKey(LOCAL_ACCESS_KEY), "http://127.0.0.1" + target,
				Duration.ofMinutes(5), Map.of());
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/local" + target))
			.header("Authorization", "Bearer " + token)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}

		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
		SwaggerValidation.assertValidExchange(method, target,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null, response.statusCode(), response.body(),
				response.headers().firstValue("Content-Type").orElse(null));
		if (expected == 404) {
			assertThat(response.headers().firstValue("x-ms-error-code")).isPresent();
		}
	}

}
