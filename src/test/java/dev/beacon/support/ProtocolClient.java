package dev.beacon.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import dev.beacon.protocol.BinaryMessageBuffer;
import dev.beacon.protocol.MessagePackHubProtocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lean SignalR client for load tests: the official negotiate redirect, then the JSON or
 * MessagePack hub protocol over a WebSocket of the JDK's HttpClient (one selector thread
 * for thousands of connections, where each official Java client brings its own thread
 * pools). Hands every Invocation to a callback on the socket's thread (its raw JSON, or
 * {@link #MESSAGE_PACK_INVOCATION} for a MessagePack one, recognised by its type without
 * decoding the rest); answers nothing else. Tests that need more can send any JSON hub
 * message ({@link #send}) and hear the JSON messages other than Invocation and Close
 * ({@link #onOtherMessages}: stream items, completions, pings).
 */
public final class ProtocolClient implements WebSocket.Listener {

	static final char RECORD_SEPARATOR = '\u001e';

	/** What the callback receives for each MessagePack Invocation. */
	public static final String MESSAGE_PACK_INVOCATION = "messagepack";

	private final boolean messagePack;

	private final BinaryMessageBuffer binary = new BinaryMessageBuffer();

	private final Consumer<String> onInvocation;

	private final StringBuilder pending = new StringBuilder();

	private final CompletableFuture<Void> handshake = new CompletableFuture<>();

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	private volatile WebSocket webSocket;

	private volatile String connectionId;

	private volatile boolean closedByServer;

	private volatile Consumer<String> onOther = (message) -> {
	};

	private ProtocolClient(Consumer<String> onInvocation, boolean messagePack) {
		this.onInvocation = onInvocation;
		this.messagePack = messagePack;
	}

	/**
	 * Connects the way {@code .withUrl(beacon + "/api")} does.
	 * @param http the shared client
	 * @param beacon Beacon's base URL, e.g. {@code http://127.0.0.1:8080}
	 * @param onInvocation receives the JSON of each Invocation message
	 * @return the connected client, handshake done
	 */
	public static ProtocolClient connect(HttpClient http, String beacon, Consumer<String> onInvocation)
			throws Exception {
		return connect(http, beacon, onInvocation, false);
	}

	/**
	 * Connects speaking JSON or MessagePack.
	 * @param http the shared client
	 * @param beacon Beacon's base URL
	 * @param onInvocation receives each Invocation
	 * @param messagePack whether to speak MessagePack
	 * @return the connected client, handshake done
	 */
	public static ProtocolClient connect(HttpClient http, String beacon, Consumer<String> onInvocation,
			boolean messagePack) throws Exception {
		return connect(http, beacon, null, onInvocation, messagePack);
	}

	/**
	 * Connects as a user, named to Beacon's negotiate as App Service authentication does
	 * ({@code X-MS-CLIENT-PRINCIPAL-ID}; Beacon must run with
	 * {@code beacon.negotiate.user-id-source=easy-auth}).
	 * @param http the shared client
	 * @param beacon Beacon's base URL
	 * @param userId the user, or null for an anonymous client
	 * @param onInvocation receives the JSON of each Invocation message
	 * @return the connected client, handshake done
	 */
	public static ProtocolClient connect(HttpClient http, String beacon, String userId, Consumer<String> onInvocation)
			throws Exception {
		return connect(http, beacon, userId, onInvocation, false);
	}

	private static ProtocolClient connect(HttpClient http, String beacon, String userId, Consumer<String> onInvocation,
			boolean messagePack) throws Exception {
		JsonNode redirect = post(http, beacon + "/api/negotiate?negotiateVersion=1",
				(userId != null) ? Map.of("X-MS-CLIENT-PRINCIPAL-ID", userId) : Map.of());
		String url = redirect.path("url").asString();
		String token = redirect.path("accessToken").asString();
		String negotiateUrl = url.replace("/client/?", "/client/negotiate?") + "&negotiateVersion=1";
		JsonNode negotiated = post(http, negotiateUrl, Map.of("Authorization", "Bearer " + token));
		String connectionToken = negotiated.path("connectionToken").asString();
		String connectionId = negotiated.path("connectionId").asString();
		ProtocolClient client = new ProtocolClient(onInvocation, messagePack);
		client.connectionId = connectionId;
		URI socket = URI.create(url.replaceFirst("^http", "ws") + "&id=" + connectionToken);
		client.webSocket = http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + token)
			.connectTimeout(Duration.ofSeconds(30))
			.buildAsync(socket, client)
			.get(30, TimeUnit.SECONDS);
		client.webSocket
			.sendText("{\"protocol\":\"" + (messagePack ? "messagepack" : "json") + "\",\"version\":1}"
					+ RECORD_SEPARATOR, true)
			.get(30, TimeUnit.SECONDS);
		client.handshake.get(30, TimeUnit.SECONDS);
		return client;
	}

	/**
	 * Connects {@code count} clients, 16 at a time: one by one, thousands take longer
	 * than the service's client timeout.
	 * @param http the shared client
	 * @param beacon Beacon's base URL
	 * @param count how many clients
	 * @param onInvocation receives the JSON of each Invocation message, for every client
	 * @return the connected clients
	 */
	public static List<ProtocolClient> connectAll(HttpClient http, String beacon, int count,
			Consumer<String> onInvocation) throws Exception {
		return connectAll(http, beacon, count, 0, onInvocation);
	}

	/**
	 * Connects {@code count} clients, every {@code messagePackEvery}-th of them speaking
	 * MessagePack (0: none).
	 */
	public static List<ProtocolClient> connectAll(HttpClient http, String beacon, int count, int messagePackEvery,
			Consumer<String> onInvocation) throws Exception {
		List<Future<ProtocolClient>> connecting = new ArrayList<>();
		Semaphore parallel = new Semaphore(16);
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < count; i++) {
				boolean messagePack = messagePackEvery > 0 && i % messagePackEvery == 0;
				connecting.add(executor.submit(() -> {
					parallel.acquire();
					try {
						return connect(http, beacon, onInvocation, messagePack);
					}
					finally {
						parallel.release();
					}
				}));
			}
		}
		List<ProtocolClient> clients = new ArrayList<>();
		for (Future<ProtocolClient> client : connecting) {
			clients.add(client.get());
		}
		return clients;
	}

	private static JsonNode post(HttpClient http, String url, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30));
		headers.forEach(request::header);
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
		}
		return JsonMapper.shared().readTree(response.body());
	}

	/**
	 * Pings every client. A ping still being sent is skipped rather than thrown, so a
	 * scheduled round never ends the schedule; a client that is really lost fails the
	 * count.
	 * @param clients the clients to keep alive
	 */
	public static void pingAll(List<ProtocolClient> clients) {
		for (ProtocolClient client : clients) {
			try {
				client.ping();
			}
			catch (RuntimeException ex) {
				// The next round pings again.
			}
		}
	}

	/**
	 * Keeps the server's client timeout from closing an otherwise silent client; one send
	 * at a time with {@link #send}, as the JDK's WebSocket allows.
	 */
	public void ping() {
		synchronized (this) {
			(this.messagePack ? this.webSocket.sendBinary(ByteBuffer.wrap(new byte[] { 2, (byte) 0x91, 6 }), true)
					: this.webSocket.sendText("{\"type\":6}" + RECORD_SEPARATOR, true))
				.orTimeout(10, TimeUnit.SECONDS)
				.join();
		}
	}

	/**
	 * Sends one JSON hub message (JSON clients only): a Completion answering an
	 * invocation, a StreamInvocation with an id of the test's choosing; one at a time,
	 * each handed to the socket before the next.
	 * @param json the message, without its record separator
	 */
	public void send(String json) {
		synchronized (this) {
			this.webSocket.sendText(json + RECORD_SEPARATOR, true).orTimeout(10, TimeUnit.SECONDS).join();
		}
	}

	/**
	 * Hands every later JSON message that is neither an Invocation nor a Close to a
	 * listener, on the socket's thread.
	 * @param listener receives each message's JSON, without its record separator
	 */
	public void onOtherMessages(Consumer<String> listener) {
		this.onOther = listener;
	}

	public void close() {
		this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
			.orTimeout(5, TimeUnit.SECONDS)
			.exceptionally((ex) -> null);
	}

	/** The public ID, for the REST API. */
	public String connectionId() {
		return this.connectionId;
	}

	public boolean closedByServer() {
		return this.closedByServer;
	}

	/**
	 * Completes when the WebSocket has ended, however it ended (a Close frame either way,
	 * or the connection lost), on the socket's thread: where a client with automatic
	 * reconnect would start reconnecting.
	 * @return the socket's end
	 */
	public CompletableFuture<Void> closed() {
		return this.closed;
	}

	@Override
	public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
		this.pending.append(data);
		int end;
		while ((end = this.pending.indexOf(String.valueOf(RECORD_SEPARATOR))) >= 0) {
			String message = this.pending.substring(0, end);
			this.pending.delete(0, end + 1);
			if (!this.handshake.isDone()) {
				if (message.contains("\"error\"")) {
					this.handshake.completeExceptionally(new IllegalStateException("Handshake refused: " + message));
				}
				this.handshake.complete(null);
			}
			else if (message.startsWith("{\"type\":1,") || message.contains("\"type\":1,")) {
				this.onInvocation.accept(message);
			}
			else if (message.contains("\"type\":7")) {
				this.closedByServer = true;
			}
			else {
				this.onOther.accept(message);
			}
		}
		socket.request(1);
		return null;
	}

	/**
	 * MessagePack frames: each message's length prefix, then an array whose first element
	 * is the type (a positive fixint): enough to count Invocations (1) and Close (7).
	 */
	@Override
	public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		if (!this.handshake.isDone()) {
			String response = new String(bytes, StandardCharsets.UTF_8);
			if (response.contains("\"error\"")) {
				this.handshake.completeExceptionally(new IllegalStateException("Handshake refused: " + response));
			}
			this.handshake.complete(null);
		}
		else {
			this.binary.write(bytes);
			for (byte[] message : MessagePackHubProtocol.split(this.binary)) {
				if (message.length > 1 && message[1] == 1) {
					this.onInvocation.accept(MESSAGE_PACK_INVOCATION);
				}
				else if (message.length > 1 && message[1] == 7) {
					this.closedByServer = true;
				}
			}
		}
		socket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
		this.closedByServer = true;
		this.closed.complete(null);
		return null;
	}

	@Override
	public void onError(WebSocket socket, Throwable error) {
		this.closedByServer = true;
		this.handshake.completeExceptionally(error);
		this.closed.complete(null);
	}

}
