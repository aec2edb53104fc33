package dev.beacon.local.upstreamclient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.beacon.local.access.LocalServiceEndpointProvider;
import dev.beacon.local.upstreamclient.HttpLocalUpstreamTransportTests.Connection;
import dev.beacon.protocol.HubMessage;
import dev.beacon.protocol.HubProtocols;
import dev.beacon.protocol.JsonHubProtocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends invocations faster than the upstream answers them: past
 * {@code beacon.local.max-queued-invocations} waiting, each further one is refused at
 * once instead of kept, and the connection's queue takes invocations again once the
 * upstream answers.
 */
class HttpLocalUpstreamLimitTests {

	static final int LIMIT = 4;

	static final Duration WAIT = Duration.ofMillis(300);

	private final JsonHubProtocol protocol = new HubProtocols(JsonMapper.shared()).json();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger received = new AtomicInteger();

	private final ConnectionQueues queues = new ConnectionQueues();

	private HttpServer upstream;

	private HttpLocalUpstream client;

	@BeforeEach
	void startUpstream() throws IOException {
		this.upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.upstream.createContext("/", this::answer);
		this.upstream.start();
		String urlTemplate = "http://127.0.0.1:" + this.upstream.getAddress().getPort() + "/{hub}/{category}/{event}";
		this.client = new HttpLocalUpstream(HttpLocalUpstream.httpClient().version(HttpClient.Version.HTTP_1_1).build(),
				new LocalServiceEndpointProvider(null, "/local"), urlTemplate, LIMIT, WAIT, JsonMapper.shared(),
				this.queues, this.meterRegistry, Tracer.NOOP, Propagator.NOOP);
	}

	@AfterEach
	void stopUpstream() {
		this.release.countDown();
		this.queues.stop();
		this.upstream.stop(0);
	}

	@Test
	void invocationsPastTheLimitAreRefusedWhenNoRoomComesInTimeAndTheQueueTakesMoreOnceTheUpstreamAnswers()
			throws Exception {
		Connection connection = new Connection("flooding", this.protocol);
		for (int i = 0; i < LIMIT + 3; i++) {
			this.client.invoke(connection, invocation(String.valueOf(i)));
		}
		this.client.invoke(connection, nonBlocking());

		List<String> refusals = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			refusals.add(connection.sent.poll(5, TimeUnit.SECONDS));
		}
		assertThat(refusals).containsExactly(refused("4"), refused("5"), refused("6"));
		assertThat(this.meterRegistry.get("beacon.local.upstream.lost").tag("event", "invocation").counter().count())
			.isEqualTo(4);

		this.release.countDown();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < LIMIT; i++) {
			answers.add(connection.sent.poll(5, TimeUnit.SECONDS));
		}
		assertThat(answers).containsExactly(answer("0"), answer("1"), answer("2"), answer("3"));
		assertThat(this.received).hasValue(LIMIT);

		this.client.invoke(connection, invocation("7"));
		assertThat(connection.sent.poll(5, TimeUnit.SECONDS)).isEqualTo(answer("7"));
	}

	@Test
	void aClientPastTheLimitIsHeldUntilTheUpstreamTakesOneAndLosesNothing() throws Exception {
		Connection connection = new Connection("bursting", this.protocol);
		Thread.ofVirtual().start(() -> {
			try {
				Thread.sleep(WAIT.dividedBy(3).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.release.countDown();
		});

		for (int i = 0; i < LIMIT + 3; i++) {
			this.client.invoke(connection, invocation(String.valueOf(i)));
		}

		List<String> answers = new ArrayList<>();
		for (int i = 0; i < LIMIT + 3; i++) {
			answers.add(connection.sent.poll(5, TimeUnit.SECONDS));
		}
		assertThat(answers).containsExactly(answer("0"), answer("1"), answer("2"), answer("3"), answer("4"),
				answer("5"), answer("6"));
		assertThat(this.meterRegistry.get("beacon.local.upstream.lost").tag("event", "invocation").counter().count())
			.isZero();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.received.incrementAndGet();
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (!this.release.await(10, TimeUnit.SECONDS)) {
				exchange.sendResponseHeaders(504, -1);
				return;
			}
			String id = JsonMapper.shared().readTree(body).path("invocationId").asString();
			byte[] answer = answer(id).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private HubMessage.Invocation invocation(String id) {
		return (HubMessage.Invocation) this.protocol
			.parse("{\"type\":1,\"invocationId\":\"%s\",\"target\":\"slow\",\"arguments\":[]}".formatted(id));
	}

	private HubMessage.Invocation nonBlocking() {
		return (HubMessage.Invocation) this.protocol.parse("{\"type\":1,\"target\":\"slow\",\"arguments\":[]}");
	}

	private static String answer(String id) {
		return "{\"type\":3,\"invocationId\":\"%s\",\"result\":\"done\"}%s".formatted(id,
				JsonHubProtocol.RECORD_SEPARATOR);
	}

	private static String refused(String id) {
		return "{\"type\":3,\"invocationId\":\"%s\",\"error\":\"Invocation refused: %d invocations of this connection still wait for the upstream\"}%s"
			.formatted(id, LIMIT, JsonHubProtocol.RECORD_SEPARATOR);
	}

}
