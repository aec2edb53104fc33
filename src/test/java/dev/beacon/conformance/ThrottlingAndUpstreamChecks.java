package dev.beacon.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.beacon.credential.AccessKey;
import dev.beacon.protocol.UpstreamSignature;
import dev.beacon.restclient.ApiVersion;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRUnavailableException;
import dev.beacon.support.OfficialClients.Client;
import io.reactivex.rxjava3.subjects.SingleSubject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.beacon.conformance.ConformanceTarget.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The last rows of the suite, after every operation: whether each 429 of the run was
 * honoured, and the signature of the upstream's calls. Against the local service both are
 * provoked in-process; against a resource a 429 is only watched for (the suite does not
 * load a user's resource to cause one), and the upstream needs a public URL the user
 * points the resource's upstream at.
 */
abstract class ThrottlingAndUpstreamChecks extends ConformanceSupport {

	@Test
	@Order(90)
	@DisplayName("upstream signature: X-ASRS-Signature of the connected and disconnected events")
	void upstreamEventsAreSignedWithTheAccessKey() throws Exception {
		List<byte[]> keys = target.endpoint().credential().upstreamKeys().stream().map(AccessKey::bytes).toList();
		assumeTrue(!keys.isEmpty(),
				"Microsoft Entra ID: the suite holds no AccessKey to check X-ASRS-Signature with, and Beacon takes "
						+ "the upstream's managed-identity token instead");
		UpstreamReceiver upstream = target.upstream();
		assumeTrue(upstream != null, "needs a public upstream URL: " + ConformanceSettings.UPSTREAM_URL + " and "
				+ ConformanceSettings.UPSTREAM_PORT + " (docs/conformance.md)");
		URI publicUrl = target.settings().upstreamUrl();
		if (publicUrl != null) {
			assertReaches(publicUrl, upstream);
		}
		String user = unique("user");
		Client client = connect(user);
		String connectionId = client.id();
		client.connection().stop().blockingAwait(10, TimeUnit.SECONDS);

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(upstream.forConnection(connectionId))
				.extracting((request) -> request.header("x-asrs-event"))
				.contains("connected", "disconnected"));
		for (UpstreamReceiver.Request request : upstream.forConnection(connectionId)) {
			String event = request.header("x-asrs-event");
			assertThat(UpstreamSignature.matches(request.header("x-asrs-signature"), connectionId, keys))
				.as("X-ASRS-Signature of %s verifies with the AccessKey", event)
				.isTrue();
			assertThat(request.header("x-asrs-hub")).as("X-ASRS-Hub of %s", event).isEqualTo(this.hub);
			assertThat(request.header("x-asrs-category")).as("X-ASRS-Category of %s", event).isEqualTo("connections");
			assertThat(request.header("x-asrs-user-id")).as("X-ASRS-User-Id of %s", event).isEqualTo(user);
		}
	}

	/** The probe the suite sends through the public URL arrives at its receiver. */
	private static void assertReaches(URI publicUrl, UpstreamReceiver upstream) throws Exception {
		String probe = unique("conformance-probe");
		try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
			http.send(HttpRequest.newBuilder(URI.create(publicUrl.toString().replaceAll("/$", "") + "/" + probe))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding());
		}
		assertThat(upstream.requests())
			.as("requests the receiver on port %d got through %s", upstream.port(), publicUrl.getHost())
			.anyMatch((request) -> request.path().endsWith(probe));
	}

	@Test
	@Order(100)
	@DisplayName("429 and Retry-After: every 429 of the run honoured by Beacon's client")
	void everyThrottledCallOfTheRunWasHonoured() throws Exception {
		boolean provoked = target.settings().local() && target.apiVersion() == ApiVersion.V2024_12_01;
		if (provoked) {
			provokeAThrottledClientResult();
		}
		List<RestExchanges.Exchange> throttled = target.exchanges().throttled();
		assumeTrue(!throttled.isEmpty(), target.settings().local()
				? "not provoked: the local service throttles only client results, which " + target.apiVersion()
						+ " does not have"
				: "not provoked: the service answered no 429 in this run (the suite does not load a resource to "
						+ "make it throttle)");

		assertThat(target.exchanges().violations()).isEmpty();
		List<String> calls = throttled.stream()
			.map((exchange) -> exchange.method() + " " + exchange.path().substring(exchange.path().indexOf("/api/")))
			.map((call) -> call.replaceAll("/hubs/[^/]+", "/hubs/{hub}")
				.replaceAll("/connections/[^/]+/", "/connections/{connectionId}/"))
			.distinct()
			.toList();
		report.note(throttled.size() + " answered 429 (" + String.join(", ", calls) + "), each honoured"
				+ (provoked ? "; provoked: a second client result while the connection owed one" : ""));
	}

	/**
	 * The local service owes one client result per connection at most (the suite's
	 * setting): a second {@code :invoke} while the first waits is answered 429, which
	 * Beacon's client passes on as unavailable without retrying (the client may have run
	 * the method).
	 */
	private void provokeAThrottledClientResult() throws Exception {
		Client client = connect(unique("user"));
		CountDownLatch asked = new CountDownLatch(1);
		SingleSubject<String> answer = SingleSubject.create();
		client.connection().onWithResult("hold", (String question) -> {
			asked.countDown();
			return answer;
		}, String.class);
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(
					() -> rest().invoke(this.hub, client.id(), SignalRMessage.of("hold", "first"), WAIT), executor);
			assertThat(asked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the client was asked").isTrue();

			assertThatExceptionOfType(SignalRUnavailableException.class)
				.isThrownBy(() -> rest().invoke(this.hub, client.id(), SignalRMessage.of("hold", "second"), WAIT));
			answer.onSuccess("released");
			assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).asString()).isEqualTo("released");
		}
		assertThat(target.exchanges().all()).filteredOn((exchange) -> exchange.path().contains("/" + this.hub + "/"))
			.extracting(RestExchanges.Exchange::status)
			.as("the :invoke calls on the wire")
			.containsExactlyInAnyOrder(200, 429);
	}

}
