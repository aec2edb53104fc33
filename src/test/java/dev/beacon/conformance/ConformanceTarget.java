package dev.beacon.conformance;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.beacon.BeaconApplication;
import dev.beacon.credential.AccessKey;
import dev.beacon.credential.EntraCredential;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.endpoint.ServiceEndpointProvider;
import dev.beacon.endpoint.SignalRProperties;
import dev.beacon.negotiate.NegotiateProperties;
import dev.beacon.protocol.ClientClaims;
import dev.beacon.restclient.ApiVersion;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.support.Beacons;
import dev.beacon.support.OfficialClients;
import dev.beacon.system.ServiceUnavailableException;
import dev.beacon.token.AccessTokenIssuer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * The service under test and Beacon's own client of it. The client is a whole Beacon in
 * Azure mode, started with the target's connection string, so every call goes through
 * Beacon's REST client, signer, retries and credentials (an Entra identity's key fetch
 * included), and client tokens are minted by its token issuer as its negotiate mints
 * them. With no connection string the target is a second Beacon, in local mode, whose
 * local service the client reaches through a connection string like any resource, with a
 * random key, its upstream pointed at the suite's receiver and one pending client result
 * per connection (so that a second one is throttled).
 */
final class ConformanceTarget implements AutoCloseable {

	/** Settings that would put a local-mode Beacon into Azure mode, blanked. */
	private static final List<String> NO_CONNECTION_STRING = List.of("--beacon.signalr.connection-string=",
			"--AzureSignalRConnectionString=", "--CUSTOMCONNSTR_AzureSignalRConnectionString=");

	private static final SecureRandom random = new SecureRandom();

	/**
	 * On loopback, no banner, an API key of the run's own (else Beacon writes one to a
	 * file), and the official clients' logs off: they log each close the suite causes as
	 * an error.
	 */
	private static final List<String> QUIET = List.of("--server.address=127.0.0.1", "--spring.main.banner-mode=off",
			"--beacon.api.keys=" + HexFormat.of().formatHex(bytes(24)), "--logging.level.com.microsoft.signalr=OFF");

	private final ConformanceSettings settings;

	private final @Nullable ConfigurableApplicationContext localService;

	private final ConfigurableApplicationContext beacon;

	private final @Nullable UpstreamReceiver upstream;

	private final RestExchanges exchanges;

	private ConformanceTarget(ConformanceSettings settings, @Nullable ConfigurableApplicationContext localService,
			ConfigurableApplicationContext beacon, @Nullable UpstreamReceiver upstream, RestExchanges exchanges) {
		this.settings = settings;
		this.localService = localService;
		this.beacon = beacon;
		this.upstream = upstream;
		this.exchanges = exchanges;
	}

	/**
	 * Starts what a run needs: the upstream receiver (always with the local service, with
	 * a resource only when its upstream URL is given), the local service if no connection
	 * string is, and Beacon's client.
	 * @param settings the run's settings
	 * @return the running target
	 * @throws IOException when the receiver cannot listen
	 */
	static ConformanceTarget start(ConformanceSettings settings) throws IOException {
		UpstreamReceiver upstream = settings.local() ? UpstreamReceiver.start(0, false)
				: (settings.upstreamUrl() != null) ? UpstreamReceiver.start(settings.upstreamPort(), true) : null;
		ConfigurableApplicationContext localService = null;
		try {
			String connectionString = settings.connectionString();
			if (connectionString == null) {
				String key = Base64.getEncoder().encodeToString(bytes(33));
				localService = Beacons.start(localServiceArguments(key, upstream.port()).toArray(String[]::new));
				connectionString = localConnectionString(
						((WebServerApplicationContext) localService).getWebServer().getPort(), key);
			}
			RestExchanges exchanges = new RestExchanges();
			ConfigurableApplicationContext beacon = new SpringApplicationBuilder(BeaconApplication.class)
				.initializers(
						(context) -> context.getBeanFactory().registerSingleton("conformanceRestExchanges", exchanges))
				.run(clientArguments(connectionString, settings.apiVersion()).toArray(String[]::new));
			return new ConformanceTarget(settings, localService, beacon, upstream, exchanges);
		}
		catch (RuntimeException ex) {
			if (localService != null) {
				localService.close();
			}
			if (upstream != null) {
				upstream.close();
			}
			throw ex;
		}
	}

	/** The settings of the local service's Beacon. */
	static List<String> localServiceArguments(String key, int upstreamPort) {
		List<String> arguments = new ArrayList<>(QUIET);
		arguments
			.addAll(List.of("--spring.application.name=conformance-local-service", "--beacon.local.access-key=" + key,
					"--beacon.local.upstream.url-template=http://127.0.0.1:" + upstreamPort
							+ "/upstream/{hub}/{category}/{event}",
					"--beacon.local.max-pending-invocations=1",
					// It warns that local mode is not for production
					"--logging.level.dev.beacon.local.LocalServiceRegistrar=ERROR"));
		arguments.addAll(NO_CONNECTION_STRING);
		return arguments;
	}

	/**
	 * The local service as a resource: its client and REST endpoints carry its path, as a
	 * gateway routing by path would.
	 */
	static String localConnectionString(int port, String key) {
		String origin = "http://127.0.0.1:" + port;
		return "Endpoint=" + origin + ";ClientEndpoint=" + origin + "/local;ServerEndpoint=" + origin
				+ "/local;AccessKey=" + key + ";Version=1.0;";
	}

	/** The settings of Beacon the client: Azure mode, on loopback, quiet. */
	static List<String> clientArguments(String connectionString, @Nullable String apiVersion) {
		List<String> arguments = new ArrayList<>(QUIET);
		arguments.addAll(List.of("--server.port=0", "--beacon.status.broadcast-interval=0", "--logging.level.root=WARN",
				"--spring.application.name=conformance-client",
				"--beacon.signalr.connection-string=" + connectionString));
		if (apiVersion != null) {
			arguments.add("--" + ApiVersion.SETTING + "=" + apiVersion);
		}
		return arguments;
	}

	ConformanceSettings settings() {
		return this.settings;
	}

	/** Beacon's data-plane REST client. */
	SignalRClient client() {
		return this.beacon.getBean(SignalRClient.class);
	}

	/** The version every call of the client names. */
	ApiVersion apiVersion() {
		return ApiVersion.of(this.beacon.getBean(SignalRProperties.class).apiVersion());
	}

	/** The endpoint the client calls, its credential as the client holds it. */
	ServiceEndpoint endpoint() {
		return this.beacon.getBean(ServiceEndpointProvider.class).forServer();
	}

	RestExchanges exchanges() {
		return this.exchanges;
	}

	@Nullable UpstreamReceiver upstream() {
		return this.upstream;
	}

	/**
	 * The key a client token is signed with, once the client has it: at once for an
	 * AccessKey, after the first fetch for a Microsoft Entra identity.
	 * @param within how long to wait for it
	 * @return the key
	 */
	AccessKey signingKey(Duration within) {
		ServiceEndpoint endpoint = endpoint();
		if (endpoint.credential() instanceof EntraCredential) {
			await().atMost(within).ignoreException(ServiceUnavailableException.class).until(() -> {
				endpoint.credential().signingKey();
				return true;
			});
		}
		return endpoint.credential().signingKey();
	}

	/**
	 * Connects an official client straight to the service's client endpoint, with a token
	 * minted as Beacon's negotiate mints it: for the hub's client URL, with the user as
	 * {@code nameid}, for negotiate's token lifetime.
	 * @param clients the test's clients, which close it
	 * @param hub the hub
	 * @param user the user, or null for an anonymous client
	 * @return the connected client
	 */
	OfficialClients.Client connect(OfficialClients clients, String hub, @Nullable String user) {
		ServiceEndpoint endpoint = endpoint();
		String url = endpoint.clientUrl(hub);
		Map<String, Object> claims = (user != null) ? Map.of(ClientClaims.NAME_ID, user) : Map.of();
		String token = this.beacon.getBean(AccessTokenIssuer.class)
			.issue(signingKey(Duration.ofSeconds(30)), url,
					this.beacon.getBean(NegotiateProperties.class).tokenLifetime(), claims);
		return clients.connectTo(url, token);
	}

	/**
	 * A name no other run or test uses: a hub ({@code conformance_<hex>}, as hub names
	 * take no hyphen), a user or a group.
	 * @param prefix what it names
	 * @return the name
	 */
	static String unique(String prefix) {
		return prefix + "_" + HexFormat.of().formatHex(bytes(6));
	}

	private static byte[] bytes(int count) {
		byte[] bytes = new byte[count];
		random.nextBytes(bytes);
		return bytes;
	}

	@Override
	public void close() {
		this.beacon.close();
		if (this.localService != null) {
			this.localService.close();
		}
		if (this.upstream != null) {
			this.upstream.close();
		}
	}

}
