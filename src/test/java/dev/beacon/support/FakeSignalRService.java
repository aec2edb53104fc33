package dev.beacon.support;

import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A stand-in Azure SignalR Service: WireMock on a free port, reached over a real socket.
 * Register it as a JUnit extension ({@code @RegisterExtension static final}) and it runs
 * for the test class, starts every test from its default answer with no requests
 * recorded, and after every test checks each request it received against Microsoft's
 * Swagger of the data-plane REST API ({@link SwaggerValidation}). Point Beacon at it with
 * {@link #registerConnectionString(DynamicPropertyRegistry)} from a
 * {@code @DynamicPropertySource} method, or build a client from
 * {@link #connectionString()}.
 * <p>
 * Settings ({@link #answering}, {@link #withAccessKey}, {@link #withOptions},
 * {@link #withoutSwaggerValidation}) are made before it starts.
 */
public final class FakeSignalRService
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	/** The Azure Functions setting; Beacon reads it when its own property is unset. */
	public static final String FUNCTIONS_SETTING = "AzureSignalRConnectionString";

	/**
	 * Where a Microsoft Entra identity fetches the key for client tokens
	 * ({@code MicrosoftEntraAccessKey} in Microsoft's SDK): the legacy v1 path, in no
	 * versioned Swagger, so the only path whose requests are not validated.
	 */
	public static final String ACCESS_KEY_PATH = "/api/v1/auth/accessKey";

	private static final String PROPERTY = "beacon.signalr.connection-string";

	private ResponseDefinitionBuilder defaultAnswer = aResponse().withStatus(404);

	private String accessKey = TestKeys.ACCESS_KEY;

	private UnaryOperator<WireMockConfiguration> options = UnaryOperator.identity();

	private boolean validateSwagger = true;

	private boolean perClass;

	private @Nullable WireMockServer server;

	/**
	 * The answer to every request no test stubbed; WireMock's 404 unless set.
	 * @param answer the answer
	 * @return this service
	 */
	public FakeSignalRService answering(ResponseDefinitionBuilder answer) {
		requireNotStarted();
		this.defaultAnswer = answer;
		return this;
	}

	public FakeSignalRService answering(int status) {
		return answering(aResponse().withStatus(status));
	}

	public FakeSignalRService withAccessKey(String accessKey) {
		requireNotStarted();
		this.accessKey = accessKey;
		return this;
	}

	/**
	 * Further WireMock options, such as a larger header limit or an https port.
	 * @param options adds to the free-port configuration
	 * @return this service
	 */
	public FakeSignalRService withOptions(UnaryOperator<WireMockConfiguration> options) {
		requireNotStarted();
		this.options = options;
		return this;
	}

	/**
	 * For tests that use the server as a plain HTTP peer (client negotiate, the request
	 * factory): what they send is not the REST API.
	 * @return this service
	 */
	public FakeSignalRService withoutSwaggerValidation() {
		requireNotStarted();
		this.validateSwagger = false;
		return this;
	}

	/** Starts the server if it is not running; its default answer is in place. */
	public synchronized FakeSignalRService start() {
		if (this.server == null) {
			WireMockServer started = new WireMockServer(
					this.options.apply(WireMockConfiguration.options().dynamicPort()));
			started.start();
			this.server = started;
			stubForEverything(this.defaultAnswer);
		}
		return this;
	}

	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop();
			this.server = null;
		}
	}

	public int port() {
		return server().port();
	}

	public int httpsPort() {
		return server().httpsPort();
	}

	public URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
	}

	/** {@code Endpoint=http://localhost;Port=<port>;AccessKey=<key>;Version=1.0;} */
	public String connectionString() {
		return TestKeys.localConnectionString(port(), this.accessKey);
	}

	/**
	 * Starts the service and points Beacon's {@code beacon.signalr.connection-string} at
	 * it.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerConnectionString(DynamicPropertyRegistry registry) {
		registerConnectionString(registry, PROPERTY);
	}

	/**
	 * Starts the service and points the given setting at it, e.g.
	 * {@link #FUNCTIONS_SETTING}.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param setting the property or environment setting
	 */
	public void registerConnectionString(DynamicPropertyRegistry registry, String setting) {
		start();
		registry.add(setting, this::connectionString);
	}

	/**
	 * The server, for stubs with scenarios, verification and anything else WireMock does.
	 */
	public WireMockServer wireMock() {
		return server();
	}

	public void stubFor(MappingBuilder mapping) {
		server().stubFor(mapping);
	}

	/**
	 * Answers every request this way from now on.
	 * @param answer the answer
	 */
	public void stubForEverything(ResponseDefinitionBuilder answer) {
		server().stubFor(any(anyUrl()).willReturn(answer));
	}

	/** The requests received, oldest first. */
	public List<LoggedRequest> requests() {
		return server().findAll(anyRequestedFor(anyUrl()));
	}

	/** The only request received; fails if there were none or several. */
	public LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = requests();
		if (requests.size() != 1) {
			throw new AssertionError("Expected one request to the service, got " + requests.size() + ": "
					+ requests.stream().map((request) -> request.getMethod() + " " + request.getUrl()).toList());
		}
		return requests.getFirst();
	}

	/** Forgets stubs and requests; the default answer is back in place. */
	public void reset() {
		server().resetAll();
		stubForEverything(this.defaultAnswer);
	}

	/** Forgets the requests received, keeping the stubs. */
	public void resetRequests() {
		server().resetRequests();
	}

	/**
	 * Checks every request received against Microsoft's Swagger of the API version it
	 * names (v20241201.json or V20220601.json), but those to {@link #ACCESS_KEY_PATH},
	 * which neither describes.
	 */
	public void assertEveryRequestMatchesTheSwagger() {
		requests().stream()
			.filter((request) -> !request.getUrl().split("\\?", 2)[0].equals(ACCESS_KEY_PATH))
			.forEach(SwaggerValidation::assertValid);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.perClass = true;
		start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start();
		reset();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		try {
			if (this.validateSwagger) {
				assertEveryRequestMatchesTheSwagger();
			}
		}
		finally {
			if (!this.perClass) {
				stop();
			}
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	private WireMockServer server() {
		WireMockServer running = this.server;
		if (running == null) {
			throw new IllegalStateException("The fake SignalR service is not running");
		}
		return running;
	}

	private void requireNotStarted() {
		if (this.server != null) {
			throw new IllegalStateException("Configure the fake SignalR service before it starts");
		}
	}

}
