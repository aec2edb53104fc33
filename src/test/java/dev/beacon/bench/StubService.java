package dev.beacon.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The far side of the publishing benchmarks: a SignalR REST API on this machine that
 * reads each call's body and answers it at once with one status, counting the calls, so
 * that what is measured is Beacon's side.
 */
final class StubService {

	static {
		// The JDK server closes connections idle for 30 s, and a client that reuses one
		// as it closes reads no answer ("header parser received no bytes"): the
		// benchmarks' publishers keep theirs between rounds
		if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
			System.setProperty("sun.net.httpserver.idleInterval", "3600");
		}
	}

	private final HttpServer server;

	private final AtomicInteger received = new AtomicInteger();

	private StubService(int status) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
		this.server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			this.received.incrementAndGet();
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.start();
	}

	/**
	 * Starts a stub.
	 * @param status what every call is answered with (202 for sends, 200 for existence)
	 * @return the running stub
	 */
	static StubService start(int status) {
		try {
			return new StubService(status);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	int received() {
		return this.received.get();
	}

	void resetReceived() {
		this.received.set(0);
	}

	void stop() {
		this.server.stop(0);
	}

}
