package dev.beacon.restclient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends each request through the JDK {@link HttpClient} with its body as one byte array
 * and waits for the whole answer, at most the read timeout.
 * <p>
 * Beacon's bodies are small and already in memory (the signing interceptor buffers them),
 * so streaming them is pure cost: Spring's {@code JdkClientHttpRequestFactory} writes
 * every body through an {@code OutputStream} publisher on another thread, which measured
 * at 0.37x (new thread per request) and 0.65x (virtual threads) of a bare
 * {@code HttpClient} on the publish benchmark (0.88x this way). The read timeout bounds
 * the whole answer, body included; a late exchange is cancelled, which closes its
 * connection.
 */
class JdkBufferedRequestFactory implements ClientHttpRequestFactory {

	/**
	 * A {@code Duration} that replaces the read timeout for one request (a client result
	 * waits for the client).
	 */
	static final String TIMEOUT_ATTRIBUTE = JdkBufferedRequestFactory.class.getName() + ".timeout";

	/** An {@code Integer}: how much of the answer's body one request keeps. */
	static final String MAX_BODY_ATTRIBUTE = JdkBufferedRequestFactory.class.getName() + ".maxBody";

	/** Enough of any answer for the service's error message; Beacon reads no more. */
	static final int MAX_BODY = 8192;

	/** Headers the JDK client sets itself and refuses from callers. */
	private static final Set<String> RESTRICTED = restricted();

	private final HttpClient httpClient;

	private final Duration readTimeout;

	JdkBufferedRequestFactory(HttpClient httpClient, Duration readTimeout) {
		this.httpClient = httpClient;
		this.readTimeout = readTimeout;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new Request(uri, httpMethod);
	}

	private static Set<String> restricted() {
		Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		names.addAll(List.of("connection", "content-length", "expect", "host", "upgrade"));
		return names;
	}

	private final class Request extends AbstractBufferingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		Request(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri)
				.method(this.method.name(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
						: HttpRequest.BodyPublishers.noBody());
			headers.forEach((name, values) -> {
				if (!RESTRICTED.contains(name)) {
					values.forEach((value) -> builder.header(name, value));
				}
			});
			Duration timeout = (getAttributes().get(TIMEOUT_ATTRIBUTE) instanceof Duration wait) ? wait
					: JdkBufferedRequestFactory.this.readTimeout;
			int maxBody = (getAttributes().get(MAX_BODY_ATTRIBUTE) instanceof Integer max) ? max : MAX_BODY;
			CompletableFuture<HttpResponse<byte[]>> exchange = JdkBufferedRequestFactory.this.httpClient
				.sendAsync(builder.build(), (info) -> new BoundedBody(maxBody));
			try {
				return new Response(exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
			}
			catch (TimeoutException ex) {
				exchange.cancel(true);
				throw new HttpTimeoutException("No complete answer within " + timeout.toMillis() + " ms");
			}
			catch (InterruptedException ex) {
				exchange.cancel(true);
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while waiting for " + this.uri.getHost());
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
			}
		}

	}

	/**
	 * Keeps the first bytes of an answer ({@link #MAX_BODY} unless the request asks for
	 * more) and reads past the rest, so a long error page neither fills memory nor leaves
	 * the connection unusable.
	 */
	private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

		private final CompletableFuture<byte[]> body = new CompletableFuture<>();

		private final int max;

		BoundedBody(int max) {
			this.max = max;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			for (ByteBuffer buffer : buffers) {
				int take = Math.min(buffer.remaining(), this.max - this.kept.size());
				byte[] bytes = new byte[take];
				buffer.get(bytes);
				this.kept.writeBytes(bytes);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.body.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.body.complete(this.kept.toByteArray());
		}

	}

	private static final class Response implements ClientHttpResponse {

		private final HttpResponse<byte[]> response;

		private final HttpHeaders headers;

		Response(HttpResponse<byte[]> response) {
			this.response = response;
			HttpHeaders headers = new HttpHeaders();
			for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
				headers.addAll(header.getKey(), header.getValue());
			}
			this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.statusCode());
		}

		@Override
		public String getStatusText() {
			return "";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.response.body());
		}

		@Override
		public void close() {
			// The body was read to its end: the connection is back in the pool already.
		}

	}

}
