package dev.beacon.restclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.beacon.support.FakeSignalRService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdkBufferedRequestFactoryTests {

	private final HttpClient httpClient = RestClientConfiguration.httpClient(Duration.ofSeconds(2));

	private final JdkBufferedRequestFactory factory = new JdkBufferedRequestFactory(this.httpClient,
			Duration.ofMillis(500));

	/** A plain HTTP peer here: the factory is tested below the REST API. */
	@RegisterExtension
	static final FakeSignalRService service = new FakeSignalRService().withoutSwaggerValidation();

	@AfterEach
	void closeClient() {
		this.httpClient.close();
	}

	@Test
	void sendsMethodHeadersAndBodyAndReadsTheAnswer() throws IOException {
		service.stubFor(post("/echo").willReturn(aResponse().withStatus(202).withHeader("Retry-After", "3")));
		ClientHttpRequest request = this.factory.createRequest(uri("/echo"), HttpMethod.POST);
		request.getHeaders().set("Content-Type", "application/json");
		request.getHeaders().set("Authorization", "Bearer t");
		request.getBody().write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode().value()).isEqualTo(202);
			assertThat(response.getHeaders().getFirst("retry-after")).isEqualTo("3");
			assertThat(response.getBody().readAllBytes()).isEmpty();
		}
		service.wireMock()
			.verify(postRequestedFor(urlEqualTo("/echo")).withHeader("Authorization", equalTo("Bearer t"))
				.withHeader("Content-Type", equalTo("application/json"))
				.withRequestBody(equalTo("{\"a\":1}")));
	}

	@Test
	void headersTheJdkClientOwnsAreLeftToIt() throws IOException {
		service.stubFor(post("/echo").willReturn(aResponse().withStatus(200)));
		ClientHttpRequest request = this.factory.createRequest(uri("/echo"), HttpMethod.POST);
		request.getHeaders().set("Connection", "close");
		request.getHeaders().set("Host", "elsewhere.example");
		request.getHeaders().setContentLength(99);
		request.getBody().write(new byte[] { 1, 2, 3 });
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode().value()).isEqualTo(200);
		}
		service.wireMock().verify(postRequestedFor(urlEqualTo("/echo")).withHeader("Content-Length", equalTo("3")));
	}

	@Test
	void longAnswerKeepsItsStartAndTheConnectionStaysUsable() throws IOException {
		String page = "<html>" + "x".repeat(200_000) + "</html>";
		service.stubFor(post("/big").willReturn(aResponse().withStatus(500).withBody(page)));
		service.stubFor(post("/small").willReturn(aResponse().withStatus(202)));
		try (ClientHttpResponse response = this.factory.createRequest(uri("/big"), HttpMethod.POST).execute()) {
			byte[] body = response.getBody().readAllBytes();
			assertThat(body).hasSize(JdkBufferedRequestFactory.MAX_BODY);
			assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("<html>xxx");
		}
		try (ClientHttpResponse response = this.factory.createRequest(uri("/small"), HttpMethod.POST).execute()) {
			assertThat(response.getStatusCode().value()).isEqualTo(202);
		}
	}

	@Test
	void answerThatStallsAfterItsHeadersTimesOut() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CountDownLatch release = new CountDownLatch(1);
			Thread.ofVirtual().start(() -> stallAfterHeaders(server, release));
			ClientHttpRequest request = this.factory
				.createRequest(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), HttpMethod.POST);
			long started = System.nanoTime();
			assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(request::execute)
				.withMessageContaining("500 ms");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			release.countDown();
		}
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
