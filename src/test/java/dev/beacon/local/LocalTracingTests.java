package dev.beacon.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.beacon.support.BeaconHttp;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OtlpReceiver;
import dev.beacon.support.OtlpReceiver.ReceivedSpan;
import dev.beacon.upstream.HubMethod;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.beacon.support.TestKeys.API_KEY;
import static dev.beacon.support.TestKeys.LOCAL_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local mode exporting to an in-process OTLP receiver: an official client's invocation is
 * one trace, from the local service that received it, through its post to the upstream
 * and Beacon's upstream request, to the hub method and the REST call it makes; work a
 * request leaves running (a stream's items, an inbox replayed on connect) stays in its
 * trace; and no key or token is in any span.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + API_KEY, "beacon.local.access-key=" + LOCAL_ACCESS_KEY,
				"beacon.upstream.broadcast-enabled=true", "beacon.status.broadcast-interval=1s",
				"beacon.inbox.enabled=true", "beacon.negotiate.user-id-source=easy-auth" })
@Import(LocalTracingTests.StreamingMethods.class)
class LocalTracingTests {

	@RegisterExtension
	static final OtlpReceiver receiver = new OtlpReceiver();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		receiver.registerEndpoint(registry);
	}

	@LocalServerPort
	int port;

	@AutoClose
	private OfficialClients clients;

	@Test
	void anInvocationIsOneTraceFromTheLocalServiceToTheHubMethod() {
		BeaconHttp http = new BeaconHttp(this.port);
		String token = BeaconHttp.json(http.negotiate()).path("accessToken").asString();
		this.clients = new OfficialClients(this.port);
		OfficialClients.Client client = this.clients.connectWithToken(token);

		client.connection().invoke("broadcast", "hello everyone").blockingAwait(10, TimeUnit.SECONDS);

		ReceivedSpan local = receiver.await("the local service's span",
				(span) -> span.kind() == SpanKind.SPAN_KIND_SERVER && span.name().equals("notifications/broadcast"));
		assertThat(local.attributes()).containsEntry("rpc.system", "signalr")
			.containsEntry("rpc.service", "notifications")
			.containsEntry("rpc.method", "broadcast");
		ReceivedSpan post = receiver.await("the post to the upstream",
				(span) -> span.parentSpanId().equals(local.spanId()) && span.kind() == SpanKind.SPAN_KIND_CLIENT);
		assertThat(post.name()).isEqualTo("POST /runtime/webhooks/signalr");
		assertThat(post.attributes()).containsEntry("http.response.status_code", "200")
			.containsEntry("beacon.upstream.event", "broadcast");
		ReceivedSpan upstream = receiver.await("Beacon's upstream request",
				(span) -> span.parentSpanId().equals(post.spanId()));
		assertThat(upstream.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
		assertThat(upstream.name()).isEqualTo("POST /runtime/webhooks/signalr");
		ReceivedSpan method = receiver.await("the hub method", (span) -> span.parentSpanId().equals(upstream.spanId())
				&& span.name().equals("notifications/broadcast"));
		assertThat(method.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
		ReceivedSpan send = receiver.await("the hub method's REST call",
				(span) -> span.parentSpanId().equals(method.spanId()) && span.kind() == SpanKind.SPAN_KIND_CLIENT);
		assertThat(send.name()).isEqualTo("POST /api/hubs/{hub}/:send");
		receiver.await("the local service's REST request", (span) -> span.parentSpanId().equals(send.spanId()));
		assertThat(List.of(local, post, upstream, method, send)).extracting(ReceivedSpan::traceId)
			.containsOnly(local.traceId());
		assertThat(receiver.everything()).doesNotContain(token)
			.doesNotContain(LOCAL_ACCESS_KEY)
			.doesNotContain(API_KEY)
			.doesNotContain("hello everyone");
	}

	@Test
	void aStreamsItemsAreSentInTheTraceOfTheInvocationThatAskedForThem() {
		this.clients = new OfficialClients(this.port);
		OfficialClients.Client client = this.clients.connect(null);

		List<Integer> items = new ArrayList<>();
		client.connection()
			.stream(Integer.class, "counter", 3)
			.timeout(10, TimeUnit.SECONDS)
			.blockingSubscribe(items::add);

		assertThat(items).containsExactly(0, 1, 2);
		ReceivedSpan post = receiver.await("the post of the stream invocation",
				(span) -> span.kind() == SpanKind.SPAN_KIND_CLIENT
						&& "counter".equals(span.attributes().get("beacon.upstream.event")));
		List<ReceivedSpan> sends = awaitSpans("the stream's item sends and completion", 4,
				(span) -> span.kind() == SpanKind.SPAN_KIND_CLIENT && span.name().contains("/streams/{streamId}/"));
		assertThat(sends).extracting(ReceivedSpan::traceId).containsOnly(post.traceId());
	}

	@Test
	void anInboxReplayedOnConnectIsInTheTraceOfTheConnectEvent() {
		BeaconHttp http = new BeaconHttp(this.port);
		assertThat(http
			.postJson("/api/hubs/notifications/messages",
					"{\"target\":\"hello\",\"arguments\":[\"kept for ivy\"],\"userId\":\"ivy\"}", API_KEY)
			.statusCode()).isEqualTo(202);
		this.clients = new OfficialClients(this.port);
		OfficialClients.Client ivy = this.clients.connect("ivy");

		await().atMost(Duration.ofSeconds(10)).until(() -> ivy.count("kept for ivy") >= 1);
		List<ReceivedSpan> connects = awaitSpans("the connect event's post", 1,
				(span) -> span.kind() == SpanKind.SPAN_KIND_CLIENT
						&& "connected".equals(span.attributes().get("beacon.upstream.event")));
		ReceivedSpan replay = receiver.await("the replayed message's send",
				(span) -> span.kind() == SpanKind.SPAN_KIND_CLIENT
						&& span.name().equals("POST /api/hubs/{hub}/connections/{connectionId}/:send"));
		assertThat(connects).extracting(ReceivedSpan::traceId).contains(replay.traceId());
	}

	private static List<ReceivedSpan> awaitSpans(String description, int count, Predicate<ReceivedSpan> condition) {
		return await(description).atMost(Duration.ofSeconds(10))
			.until(() -> receiver.spans().stream().filter(condition).toList(), (spans) -> spans.size() >= count);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StreamingMethods {

		@HubMethod(name = "counter")
		Stream<Integer> counter(int count) {
			return IntStream.range(0, count).boxed();
		}

	}

	@Test
	void eachScheduledStatusBroadcastIsATraceOfItsOwn() {
		ReceivedSpan tick = receiver.await("a scheduled broadcast",
				(span) -> span.name().equals("task statusBroadcastJob.tick"));
		assertThat(tick.parentSpanId()).isEmpty();
		ReceivedSpan send = receiver.await("its REST call", (span) -> span.parentSpanId().equals(tick.spanId()));
		assertThat(send.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(send.name()).isEqualTo("POST /api/hubs/{hub}/:send");
	}

	@Test
	void housekeepingTasksRunWithoutSpans() {
		receiver.await("a scheduled broadcast", (span) -> span.name().equals("task statusBroadcastJob.tick"));

		assertThat(receiver.spans()).extracting(ReceivedSpan::name)
			.filteredOn((name) -> name.startsWith("task "))
			.containsOnly("task statusBroadcastJob.tick");
	}

}
