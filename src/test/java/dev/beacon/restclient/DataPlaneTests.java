package dev.beacon.restclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.beacon.endpoint.ConnectionStringParser;
import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.support.FakeSignalRService;
import dev.beacon.support.TestKeys;
import dev.beacon.token.AccessTokenIssuer;
import io.jsonwebtoken.Claims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The transport below the REST API: what goes out (method, body, the signature of the
 * instance it goes to, the caller's headers) and what comes back (status, headers, a
 * bounded body, within the read timeout), against a plain HTTP peer.
 */
class DataPlaneTests {

	private static final Consumer<java.net.http.HttpRequest.Builder> NO_HEADERS = (headers) -> {
	};

	/** A plain HTTP peer here: the transport is tested below the REST API. */
	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().withoutSwaggerValidation();

	private final HttpClient httpClient = RestClientConfiguration.httpClient(Duration.ofSeconds(2));

	/**
	 * A read timeout no answer of WireMock's comes near, also on a busy machine (the
	 * first exchange of a test JVM took over 500 ms once, beside another test JVM).
	 */
	private final DataPlane dataPlane = dataPlane(List.of(), Duration.ofSeconds(10));

	private final ServiceEndpoint endpoint = ConnectionStringParser.parse(service.connectionString());

	@AfterEach
	void closeClient() {
		this.httpClient.close();
	}

	@Test
	void sendsMethodBodyAndCallersHeadersSignedForTheInstanceAndReadsTheAnswer() throws Exception {
		service.stubFor(post("/echo").willReturn(aResponse().withStatus(202).withHeader("Retry-After", "3")));

		HttpResponse<byte[]> answer = this.dataPlane.exchange("POST", uri("/echo"), this.endpoint,
				"{\"a\":1}".getBytes(StandardCharsets.UTF_8), (headers) -> headers.header("traceparent", "00-ab-cd-01"),
				DataPlane.MAX_BODY, null);

		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(answer.headers().firstValue("retry-after")).hasValue("3");
		assertThat(answer.body()).isEmpty();
		service.wireMock()
			.verify(postRequestedFor(urlEqualTo("/echo")).withHeader("Authorization", matching("Bearer .+"))
				.withHeader("Content-Type", equalTo("application/json"))
				.withHeader("traceparent", equalTo("00-ab-cd-01"))
				.withRequestBody(equalTo("{\"a\":1}")));
		String authorization = service.wireMock()
			.findAll(postRequestedFor(urlEqualTo("/echo")))
			.getFirst()
			.getHeader("Authorization");
		Claims claims = TestKeys.bearerClaims(authorization, TestKeys.ACCESS_KEY, Instant.now());
		assertThat(claims.getAudience()).singleElement().asString().endsWith("/echo");
	}

	@Test
	void listenersSeeEachAnsweredExchangeAsItWasOnTheWire() throws Exception {
		service.stubFor(post("/throttled").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
		List<String> seen = new ArrayList<>();
		DataPlane listened = dataPlane(
				List.of((method, uri, status, retryAfter, started, answered) -> seen.add(method + " " + uri.getRawPath()
						+ " " + status + " " + retryAfter + " " + !answered.isBefore(started))),
				Duration.ofSeconds(10));

		listened.exchange("POST", uri("/throttled"), this.endpoint, null, NO_HEADERS, DataPlane.MAX_BODY, null);

		assertThat(seen).containsExactly("POST /throttled 429 2 true");
	}

	@Test
	void aCallWithoutABodySendsNoContentType() throws Exception {
		service.stubFor(post("/empty").willReturn(aResponse().withStatus(200)));

		assertThat(this.dataPlane
			.exchange("POST", uri("/empty"), this.endpoint, null, NO_HEADERS, DataPlane.MAX_BODY, null)
			.statusCode()).isEqualTo(200);
		assertThat(service.wireMock()
			.findAll(postRequestedFor(urlEqualTo("/empty")))
			.getFirst()
			.containsHeader("Content-Type")).isFalse();
	}

	@Test
	void longAnswerKeepsItsStartAndTheConnectionStaysUsable() throws Exception {
		String page = "<html>" + "x".repeat(200_000) + "</html>";
		service.stubFor(post("/big").willReturn(aResponse().withStatus(500).withBody(page)));
		service.stubFor(post("/small").willReturn(aResponse().withStatus(202)));

		byte[] body = this.dataPlane
			.exchange("POST", uri("/big"), this.endpoint, null, NO_HEADERS, DataPlane.MAX_BODY, null)
			.body();
		assertThat(body).hasSize(DataPlane.MAX_BODY);
		assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("<html>xxx");
		assertThat(this.dataPlane
			.exchange("POST", uri("/small"), this.endpoint, null, NO_HEADERS, DataPlane.MAX_BODY, null)
			.statusCode()).isEqualTo(202);
	}

	@Test
	void aCallMayKeepMoreOfItsAnswer() throws Exception {
		String listing = "[" + "\"x\",".repeat(10_000) + "\"y\"]";
		service.stubFor(post("/list").willReturn(aResponse().withStatus(200).withBody(listing)));

		assertThat(this.dataPlane.exchange("POST", uri("/list"), this.endpoint, null, NO_HEADERS, 1024 * 1024, null)
			.body()).hasSize(listing.length());
	}

	@Test
	void answerThatStallsAfterItsHeadersTimesOut() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CountDownLatch release = new CountDownLatch(1);
			Thread.ofVirtual().start(() -> stallAfterHeaders(server, release));
			long started = System.nanoTime();
			DataPlane impatient = dataPlane(List.of(), Duration.ofMillis(500));
			assertThatExceptionOfType(HttpTimeoutException.class)
				.isThrownBy(
						() -> impatient.exchange("POST", URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"),
								this.endpoint, null, NO_HEADERS, DataPlane.MAX_BODY, null))
				.withMessageContaining("500 ms");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			release.countDown();
		}
	}

	@Test
	void aCallsOwnTimeoutReplacesTheReadTimeout() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CountDownLatch release = new CountDownLatch(1);
			Thread.ofVirtual().start(() -> stallAfterHeaders(server, release));
			assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(
					() -> this.dataPlane.exchange("POST", URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"),
							this.endpoint, null, NO_HEADERS, DataPlane.MAX_BODY, Duration.ofMillis(1200)))
				.withMessageContaining("1200 ms");
			release.countDown();
		}
	}

	private DataPlane dataPlane(List<DataPlaneListener> listeners, Duration readTimeout) {
		return new DataPlane(this.httpClient,
				new RequestSigner(new AccessTokenIssuer(Clock.systemUTC()), Duration.ofMinutes(5)), readTimeout,
				listeners);
	}

	private static void stallAfterHeaders(ServerSocket server, CountDownLatch release) {
		try (Socket socket = server.accept()) {
			InputStream in = socket.getInputStream();
			in.read(new byte[8192]);
			OutputStream out = socket.getOutputStream();
			out.write("HTTP/1.1 500 Oops\r\nContent-Length: 100\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			release.await(10, TimeUnit.SECONDS);
		}
		catch (IOException | InterruptedException ex) {
			// The test has what it needs.
		}
	}

	private static URI uri(String path) {
		return service.uri(path);
	}

}
