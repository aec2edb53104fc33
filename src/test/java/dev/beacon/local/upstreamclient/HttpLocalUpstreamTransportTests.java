package dev.beacon.local.upstreamclient;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.hub.LocalConnection;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.HubPayload;
import dev.beacon.protocol.HubProtocol;
import dev.beacon.protocol.HubProtocols;
import dev.beacon.protocol.JsonHubProtocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream client as the local service sets it up, against an upstream over TLS that
 * offers HTTP/2 (a Tomcat with a certificate made for the test): posts go over HTTP/2,
 * and with the client's tasks on its selector thread every blocking invocation among many
 * at once gets the upstream's own answer, in each connection's order.
 */
class HttpLocalUpstreamTransportTests {

	static final int CONNECTIONS = 40;

	static final int INVOCATIONS = 25;

	static final String PASSWORD = "test-only";

	static final JsonMapper json = JsonMapper.shared();

	static final Set<String> protocols = ConcurrentHashMap.newKeySet();

	static final Map<String, List<String>> eventsByConnection = new ConcurrentHashMap<>();

	static WebServer upstream;

	static SslBundle serverKey;

	static SslBundle clientTrust;

	@BeforeAll
	static void startUpstream(@TempDir Path directory) throws Exception {
		KeyStore keyStore = selfSigned(directory.resolve("upstream.p12"));
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		trustStore.setCertificateEntry("upstream", keyStore.getCertificate("upstream"));
		serverKey = SslBundle.of(SslStoreBundle.of(keyStore, PASSWORD, null));
		clientTrust = SslBundle.of(SslStoreBundle.of(null, null, trustStore));
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setSsl(Ssl.forBundle("upstream"));
		factory.setSslBundles(new DefaultSslBundleRegistry("upstream", serverKey));
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		upstream = factory.getWebServer((context) -> context.addServlet("upstream", new Upstream()).addMapping("/*"));
		upstream.start();
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop();
	}

	@Test
	void everyInvocationAmongManyAtOnceGetsTheUpstreamsAnswerOverHttp2() throws Exception {
		ConnectionQueues queues = new ConnectionQueues();
		HttpLocalUpstream client = client(queues);
		JsonHubProtocol protocol = new HubProtocols(json).json();
		List<Connection> connections = new ArrayList<>();
		for (int c = 0; c < CONNECTIONS; c++) {
			Connection connection = new Connection("transport-" + c, protocol);
			connections.add(connection);
			client.connected(connection);
		}
		for (int i = 0; i < INVOCATIONS; i++) {
			for (Connection connection : connections) {
				client.invoke(connection, invocation(protocol, String.valueOf(i), connection.id() + "/" + i));
			}
		}
		for (Connection connection : connections) {
			for (int i = 0; i < INVOCATIONS; i++) {
				String answer = connection.sent.poll(30, TimeUnit.SECONDS);
				assertThat(answer).as("answer %d to %s", i, connection.id())
					.isEqualTo("{\"type\":3,\"invocationId\":\"%d\",\"result\":\"%s/%d\"}%s".formatted(i,
							connection.id(), i, JsonHubProtocol.RECORD_SEPARATOR));
			}
		}
		assertThat(protocols).containsExactly("HTTP/2.0");
		for (Connection connection : connections) {
			assertThat(eventsByConnection.get(connection.id())).hasSize(INVOCATIONS + 1)
				.startsWith("connections/connected")
				.endsWith("messages/echo");
		}
		queues.stop();
	}

	private static HttpLocalUpstream client(ConnectionQueues queues) {
		HttpClient http = HttpLocalUpstream.httpClient().sslContext(clientTrust.createSslContext()).build();
		String urlTemplate = "https://localhost:" + upstream.getPort() + "/upstream/{hub}/{category}/{event}";
		return new HttpLocalUpstream(http, new LocalServiceEndpointProvider(null, "/local"), urlTemplate, 1_000,
				java.time.Duration.ofSeconds(10), json, queues, new SimpleMeterRegistry(), Tracer.NOOP,
				Propagator.NOOP);
	}

	/** An invocation as the client's connection parsed it. */
	private static HubMessage.Invocation invocation(JsonHubProtocol protocol, String id, String argument) {
		return (HubMessage.Invocation) protocol
			.parse("{\"type\":1,\"invocationId\":\"%s\",\"target\":\"echo\",\"arguments\":[\"%s\"]}".formatted(id,
					argument));
	}

	/** A key pair and certificate for {@code localhost}, made by the JDK's keytool. */
	private static KeyStore selfSigned(Path keyStore) throws Exception {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "upstream", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2",
				"-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		return KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
	}

	/**
	 * Answers an invocation with a Completion carrying its first argument, as an app
	 * server's hub method would; records each post's protocol and event.
	 */
	static final class Upstream extends HttpServlet {

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			protocols.add(request.getProtocol());
			String connectionId = request.getHeader("X-ASRS-Connection-Id");
			String category = request.getHeader("X-ASRS-Category");
			String event = request.getHeader("X-ASRS-Event");
			eventsByConnection.computeIfAbsent(connectionId, (id) -> new CopyOnWriteArrayList<>())
				.add(category + "/" + event);
			byte[] body = request.getInputStream().readAllBytes();
			if (!"messages".equals(category)) {
				response.setStatus(200);
				return;
			}
			JsonNode invocation = json.readTree(body);
			String answer = "{\"type\":3,\"invocationId\":\"%s\",\"result\":\"%s\"}%s".formatted(
					invocation.get("invocationId").asString(), invocation.get("arguments").get(0).asString(),
					JsonHubProtocol.RECORD_SEPARATOR);
			response.setContentType("application/json");
			response.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
		}

	}

	/** A handshaken connection that keeps what is sent to it. */
	static final class Connection extends LocalConnection {

		final BlockingQueue<String> sent = new LinkedBlockingQueue<>();

		Connection(String id, HubProtocol protocol) {
			super(new ConnectionInfo(id, id + "-token", "chat", "user-" + id, Map.of(), "hub=chat"));
			handshaken(protocol, protocol.handshakeOk());
			this.sent.clear();
		}

		@Override
		public String transport() {
			return "test";
		}

		@Override
		protected void write(HubPayload framed) {
			this.sent.add(new String(framed.bytes(), StandardCharsets.UTF_8));
		}

		@Override
		protected void terminate() {
		}

	}

}
