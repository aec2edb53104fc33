package dev.beacon.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import dev.beacon.restclient.RestClientBenchmarkAccess;

/**
 * The floor of a publish on the JVM, the baseline of {@link RelayPublishBenchmarkTests}:
 * receives a POST with the JDK's {@link HttpServer} (a virtual thread per request) and
 * forwards its body with the JDK {@link HttpClient} to one URL of the service, answering
 * 202 when the service did. No parsing, no checks, no signing: what any publisher in
 * front of the service costs at least.
 */
public final class PublishRelay {

	private PublishRelay() {
	}

	/**
	 * Runs until killed.
	 * @param args the port to listen on, the URL to forward every body to, and optionally
	 * {@code selector} to run the client's tasks on its selector thread
	 * @throws IOException if the port is taken
	 */
	public static void main(String[] args) throws IOException {
		URI target = URI.create(args[1]);
		// "selector": the client set up as Beacon's data plane, its tasks on the selector
		// thread
		HttpClient client = (args.length > 2 && args[2].equals("selector"))
				? RestClientBenchmarkAccess.dataPlaneHttpClient()
				: HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
		server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			HttpRequest forward = HttpRequest.newBuilder(target)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			int status;
			try {
				status = (client.send(forward, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) ? 202 : 502;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				status = 503;
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
	}

}
