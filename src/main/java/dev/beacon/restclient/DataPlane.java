package dev.beacon.restclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

import dev.beacon.endpoint.ServiceEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * The one way to the service's data plane, for the REST client and the access-key fetch:
 * each request built for the JDK {@link HttpClient}, signed by the {@link RequestSigner}
 * (the one place that signs), sent with its body as one byte array, and its answer read
 * whole, at most {@link #MAX_BODY} of it unless the call asks for more, within the read
 * timeout ({@link ExchangeDeadlines}). A late exchange is cancelled, which closes its
 * connection.
 * <p>
 * Not Spring's {@code RestClient}: on the publish path its layers (request and response
 * wrappers, the interceptor chain, each request's headers copied into case-insensitive
 * maps twice) cost a tenth of a publish's CPU (docs/performance.md), and none of them did
 * anything Beacon needs: Beacon's bodies are small byte arrays already, and its answers
 * are a status, two headers and a short body.
 */
final class DataPlane {

	/** Enough of any answer for the service's error message; Beacon reads no more. */
	static final int MAX_BODY = 8192;

	private final HttpClient httpClient;

	private final RequestSigner signer;

	private final Duration readTimeout;

	private final List<DataPlaneListener> listeners;

	DataPlane(HttpClient httpClient, RequestSigner signer, Duration readTimeout, List<DataPlaneListener> listeners) {
		this.httpClient = httpClient;
		this.signer = signer;
		this.readTimeout = readTimeout;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * One exchange with one instance.
	 * @param method the HTTP method
	 * @param uri the whole URL, on the instance's server endpoint
	 * @param endpoint the instance, whose credential signs the request
	 * @param body a JSON body, or {@code null} for none
	 * @param headers adds headers of the caller's (the trace's), or none
	 * @param maxBody how much of the answer's body to keep
	 * @param timeout the read timeout of this request, or {@code null} for the client's
	 * @return the answer, its body cut at {@code maxBody}
	 * @throws IOException if no whole answer came: unreachable, reset, or late
	 * ({@link HttpTimeoutException})
	 * @throws dev.beacon.system.ServiceUnavailableException if the credential has no
	 * token to sign with: nothing was sent
	 */
	HttpResponse<byte[]> exchange(String method, URI uri, ServiceEndpoint endpoint, byte @Nullable [] body,
			Consumer<HttpRequest.Builder> headers, int maxBody, @Nullable Duration timeout) throws IOException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody())
			.header("Authorization", this.signer.authorization(endpoint, uri));
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		headers.accept(builder);
		Duration wait = (timeout != null) ? timeout : this.readTimeout;
		Instant started = this.listeners.isEmpty() ? Instant.EPOCH : Instant.now();
		CompletableFuture<HttpResponse<byte[]>> exchange = this.httpClient.sendAsync(builder.build(),
				(info) -> new BoundedBody(maxBody));
		try (ExchangeDeadlines.Deadline deadline = ExchangeDeadlines.get().watch(exchange, wait.toNanos())) {
			try {
				HttpResponse<byte[]> answer = exchange.get();
				if (!this.listeners.isEmpty()) {
					tell(method, uri, answer, started);
				}
				return answer;
			}
			catch (CancellationException ex) {
				throw deadline.passed() ? late(wait)
						: new InterruptedIOException("The exchange with " + uri.getHost() + " was cancelled");
			}
			catch (InterruptedException ex) {
				exchange.cancel(true);
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while waiting for " + uri.getHost());
			}
			catch (ExecutionException ex) {
				if (deadline.passed()) {
					throw late(wait);
				}
				throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
			}
		}
	}

	/** What a caller gets when the deadline cancelled its exchange. */
	private static HttpTimeoutException late(Duration wait) {
		return new HttpTimeoutException("No complete answer within " + wait.toMillis() + " ms");
	}

	private void tell(String method, URI uri, HttpResponse<byte[]> answer, Instant started) {
		Instant answered = Instant.now();
		String retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
		for (DataPlaneListener listener : this.listeners) {
			listener.exchanged(method, uri, answer.statusCode(), retryAfter, started, answered);
		}
	}

	/**
	 * Keeps the first bytes of an answer and reads past the rest, so a long error page
	 * neither fills memory nor leaves the connection unusable.
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
				if (take > 0) {
					byte[] bytes = new byte[take];
					buffer.get(bytes);
					this.kept.writeBytes(bytes);
				}
				buffer.position(buffer.limit());
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

}
