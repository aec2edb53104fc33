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
 * receives and whether the server closed it. Closing stops every client still open.
 */
public final class OfficialClients implements AutoCloseable {

	/** The client method every message of these tests calls. */
	public static final String TARGET = "hello";

	private final @Nullable String base;

	private final List<Client> clients = new CopyOnWriteArrayList<>();

	public OfficialClients(int port) {
		this.base = "http://localhost:" + port;
	}

	private OfficialClients() {
		this.base = null;
	}

	/**
	 * Clients of no Beacon in particular: each connects to a service's client URL with
	 * its own token ({@link #connectTo}).
	 * @return the clients
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
		HttpHubConnectionBuilder builder = HubConnectionBuilder.create(base() + "/api");
		if (user != null) {
			builder.withHeader("X-MS-CLIENT-PRINCIPAL-ID", user);
		}
		return start(builder.build());
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
		return start(HubConnectionBuilder.create(clientUrl).withAccessTokenProvider(Single.just(token)).build());
	}

	private String base() {
		if (this.base == null) {
			throw new IllegalStateException("These clients belong to no Beacon: connect them with connectTo");
		}
		return this.base;
	}

	private Client start(HubConnection connection) {
		Client client = new Client(connection, new CopyOnWriteArrayList<>(), new CompletableFuture<>());
		connection.on(TARGET, client.received::add, String.class);
		connection.onClosed(client.closed::complete);
		this.clients.add(client);
		if (!connection.start().blockingAwait(15, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The client did not connect within 15 s");
		}
		return client;
	}

	@Override
	public void close() {
		this.clients.forEach((client) -> client.connection.stop().blockingAwait(5, TimeUnit.SECONDS));
		this.clients.clear();
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
