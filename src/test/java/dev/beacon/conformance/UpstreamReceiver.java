package dev.beacon.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * Where the service's upstream calls land in a run: any path, any method, answered
 * {@code 200} with no body, each request kept with its headers (names lower-cased). The
 * suite's own probe ({@code GET .../conformance-probe/<nonce>}) is kept the same way.
 */
final class UpstreamReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private UpstreamReceiver(HttpServer server) {
		this.server = server;
	}

	/**
	 * Starts a receiver.
	 * @param port the port, 0 for any free one
	 * @param everyInterface listen on every interface (a tunnel or a public address
	 * forwards to it), else on loopback only
	 * @return the running receiver
	 * @throws IOException when the port is taken
	 */
	static UpstreamReceiver start(int port, boolean everyInterface) throws IOException {
		InetSocketAddress address = everyInterface ? new InetSocketAddress(port)
				: new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		HttpServer server = HttpServer.create(address, 0);
		UpstreamReceiver receiver = new UpstreamReceiver(server);
		server.createContext("/", receiver::handle);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		return receiver;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The upstream calls for one connection. */
	List<Request> forConnection(String connectionId) {
		return this.requests.stream()
			.filter((request) -> connectionId.equals(request.header("x-asrs-connection-id")))
			.toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.transferTo(OutputStream.nullOutputStream());
			Map<String, String> headers = new TreeMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
			this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers));
			exchange.sendResponseHeaders(200, -1);
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One request the receiver got.
	 *
	 * @param method its method
	 * @param path its raw path
	 * @param headers its headers, names lower-cased, repeated values joined with commas
	 */
	record Request(String method, String path, Map<String, String> headers) {

		@Nullable String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
