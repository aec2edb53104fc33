package dev.beacon.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.microsoft.signalr.HttpHubConnectionBuilder;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import io.reactivex.rxjava3.core.Single;
import org.jspecify.annotations.Nullable;

/**
 * Official Java clients ({@code com.microsoft.signalr}) of a Beacon in local mode, on the
 * {@code notifications} hub, each recording the string argument of every {@code hello} it
 * receives and whether the server closed it; or connections a test builds itself from
 * {@link #builder} and {@link #start}s here. Closing stops every client still open.
 */
public final class OfficialClients implements AutoCloseable {

	/** The client method every message of these tests calls. */
	public static final String TARGET = "hello";

	private final @Nullable String base;

	private final List<HubConnection> connections = new CopyOnWriteArrayList<>();

	public OfficialClients(int port) {
		this.base = "http://localhost:" + port;
	}

	private OfficialClients() {
		this.base = null;
	}

	/**
	 * Clients of no Beacon: connected with {@link #connectTo} straight to a service's
	 * client endpoint, as the conformance suite connects them to any resource.
	 * @return the clients, none yet
	 */
	public static OfficialClients direct() {
		return new OfficialClients();
	}

	/**
	 * Connects through Beacon's {@code /api} negotiate, as
	 * {@code .withUrl(beacon + "/api")} does.
	 * @param user the user Easy Auth names ({@code X-MS-CLIENT-PRINCIPAL-ID}), or null
	 * for an anonymous client
	 * @return the connected client
	 */
	public Client connect(@Nullable String user) {
		return client(builder(user).build());
	}

	/**
	 * A client of Beacon's {@code /api} negotiate for the test to finish (a transport,
	 * its handlers) and {@link #start}.
	 * @param user the user Easy Auth names ({@code X-MS-CLIENT-PRINCIPAL-ID}), or null
	 * for an anonymous client
	 * @return the builder
	 */
	public HttpHubConnectionBuilder builder(@Nullable String user) {
		HttpHubConnectionBuilder builder = HubConnectionBuilder.create(base() + "/api");
		if (user != null) {
			builder.withHeader("X-MS-CLIENT-PRINCIPAL-ID", user);
		}
		return builder;
	}

	/**
	 * Connects straight to the local service's client endpoint with a token, as a client
	 * given a {@code :generateToken} token does.
	 * @param token the client access token
	 * @return the connected client
	 */
	public Client connectWithToken(String token) {
		return connectTo(base() + "/local/client/?hub=notifications", token);
	}

	/**
	 * Connects straight to a service's client endpoint, as a client redirected there by a
	 * negotiate does.
	 * @param clientUrl the client URL, {@code {endpoint}/client/?hub=<hub>}
	 * @param token the client access token for that URL
	 * @return the connected client
	 */
	public Client connectTo(String clientUrl, String token) {
		return client(HubConnectionBuilder.create(clientUrl).withAccessTokenProvider(Single.just(token)).build());
	}

	private String base() {
		if (this.base == null) {
			throw new IllegalStateException("These clients belong to no Beacon: connect them with connectTo");
		}
		return this.base;
	}

	/**
	 * Starts a connection the test built; closing stops it with the others.
	 * @param connection the connection
	 * @return the same connection, connected
	 * @throws IllegalStateException if it does not connect within 15 s
	 */
	public HubConnection start(HubConnection connection) {
		this.connections.add(connection);
		if (!connection.start().blockingAwait(15, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The client did not connect within 15 s");
		}
		return connection;
	}

	private Client client(HubConnection connection) {
		Client client = new Client(connection, new CopyOnWriteArrayList<>(), new CompletableFuture<>());
		connection.on(TARGET, client.received::add, String.class);
		connection.onClosed(client.closed::complete);
		start(connection);
		return client;
	}

	@Override
	public void close() {
		this.connections.forEach((connection) -> connection.stop().blockingAwait(5, TimeUnit.SECONDS));
		this.connections.clear();
	}

	/**
	 * One connected client.
	 *
	 * @param connection the official client
	 * @param received the argument of every {@code hello}, in order
	 * @param closed completes when the connection closed, with the server's error if any
	 */
	public record Client(HubConnection connection, List<String> received,
			CompletableFuture<@Nullable Exception> closed) {

		/** The public connection ID, for the REST API. */
		public String id() {
			return this.connection.getConnectionId();
		}

		/** How many times this client received a message with this argument. */
		public long count(String argument) {
			return this.received.stream().filter(argument::equals).count();
		}

	}

}
