package dev.beacon.support;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.microsoft.aad.msal4j.ManagedIdentityEnvironment;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A stand-in for the managed identity endpoint of App Service and Container Apps:
 * WireMock on a free port, with {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} (a
 * random value) handed to Microsoft's {@code ManagedIdentityCredential} in this JVM
 * through {@link ManagedIdentityEnvironment}. Register it as a JUnit extension
 * ({@code @RegisterExtension static final}): it runs for the test class and gives MSAL
 * its own environment back afterwards. Stubs and recorded requests are kept from test to
 * test, as a running application's token outlives a test.
 * <p>
 * It answers a token only to the App Service protocol's request
 * ({@code GET ?api-version=2019-08-01&resource=...} with {@code X-IDENTITY-HEADER}), and
 * 400 to anything else: MSAL retries 404, 408, 429 and 5xx three times a second apart,
 * and azure-core's pipeline retries each attempt three times more with backoff (a 500
 * took 28 seconds to fail), but neither retries a 400. {@code expires_on} is counted from
 * the given clock when the token is asked for.
 */
public final class ManagedIdentityEndpoint implements BeforeAllCallback, AfterAllCallback {

	public static final String PATH = "/msi/token";

	/** The version MSAL's App Service source speaks. */
	public static final String API_VERSION = "2019-08-01";

	public static final String HEADER_NAME = "X-IDENTITY-HEADER";

	private static final String TRANSFORMER = "managed-identity-token";

	private final String header = "identity-header-" + UUID.randomUUID();

	private final Clock clock;

	private @Nullable WireMockServer server;

	/**
	 * @param clock the clock the tokens' {@code expires_on} is counted from, normally the
	 * application's
	 */
	public ManagedIdentityEndpoint(Clock clock) {
		this.clock = clock;
	}

	/** The value of {@code IDENTITY_HEADER}, a secret on a real host. */
	public String header() {
		return this.header;
	}

	/**
	 * From now on answers every well-formed request with this token.
	 * @param accessToken the {@code access_token}
	 * @param lifetime from the clock's now to {@code expires_on}
	 */
	public void issuing(String accessToken, Duration lifetime) {
		server().resetMappings();
		server().stubFor(any(anyUrl()).atPriority(10).willReturn(error(400, "invalid_request")));
		server().stubFor(get(urlPathEqualTo(PATH)).withQueryParam("api-version", equalTo(API_VERSION))
			.withHeader(HEADER_NAME, equalTo(this.header))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withTransformers(TRANSFORMER)
				.withTransformerParameters(
						Map.of("access_token", accessToken, "lifetime", Math.toIntExact(lifetime.toSeconds())))));
	}

	/**
	 * From now on answers every request with an error.
	 * @param status the status, best 400: others are retried for seconds
	 */
	public void failing(int status) {
		server().resetMappings();
		server().stubFor(any(anyUrl()).willReturn(error(status, "unauthorized_client")));
	}

	/** The requests received, oldest first. */
	public List<LoggedRequest> requests() {
		return server().findAll(anyRequestedFor(anyUrl()));
	}

	/** Forgets the requests received, keeping the answers. */
	public void resetRequests() {
		server().resetRequests();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		WireMockServer started = new WireMockServer(
				WireMockConfiguration.options().dynamicPort().extensions(new TokenAnswer()));
		started.start();
		this.server = started;
		failing(400);
		ManagedIdentityEnvironment.use(Map.of("IDENTITY_ENDPOINT", "http://127.0.0.1:" + started.port() + PATH,
				"IDENTITY_HEADER", this.header));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		ManagedIdentityEnvironment.reset();
		if (this.server != null) {
			this.server.stop();
			this.server = null;
		}
	}

	private static ResponseDefinitionBuilder error(int status, String error) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"" + error + "\",\"error_description\":\"The stand-in identity endpoint refused\"}");
	}

	private WireMockServer server() {
		WireMockServer running = this.server;
		if (running == null) {
			throw new IllegalStateException("The managed identity endpoint is not running");
		}
		return running;
	}

	/** The token answer, with {@code expires_on} (epoch seconds) counted from now. */
	private final class TokenAnswer implements ResponseDefinitionTransformerV2 {

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			Parameters parameters = event.getTransformerParameters();
			long expiresOn = ManagedIdentityEndpoint.this.clock.instant().getEpochSecond()
					+ parameters.getInt("lifetime");
			Map<String, String> token = new LinkedHashMap<>();
			token.put("access_token", parameters.getString("access_token"));
			token.put("expires_on", String.valueOf(expiresOn));
			token.put("resource", event.getRequest().queryParameter("resource").firstValue());
			token.put("token_type", "Bearer");
			return ResponseDefinitionBuilder.like(event.getResponseDefinition())
				.withBody(JsonMapper.shared().writeValueAsString(token))
				.build();
		}

		@Override
		public String getName() {
			return TRANSFORMER;
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

	}

}
