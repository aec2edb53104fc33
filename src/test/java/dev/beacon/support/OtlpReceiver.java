package dev.beacon.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An OpenTelemetry collector's OTLP/HTTP receiver in the test's process: a real HTTP
 * endpoint ({@code POST /v1/traces}) that decodes each {@code ExportTraceServiceRequest}
 * protobuf Beacon's exporter sends, as a collector would. Register it as a JUnit
 * extension and point Beacon at it with {@link #registerEndpoint}; every attribute, event
 * and resource value received is kept for scanning ({@link #everything()}).
 */
public final class OtlpReceiver implements BeforeAllCallback, AfterAllCallback {

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();

	private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private boolean discarding;

	private final java.util.concurrent.atomic.AtomicLong discarded = new java.util.concurrent.atomic.AtomicLong();

	/**
	 * A receiver that reads each request whole and answers 200 without decoding it, as a
	 * collector that keeps up would: for benchmarks, where decoding in the same process
	 * would be counted against the exporting side.
	 * @return a receiver that keeps nothing but a count of the bytes received
	 */
	public static OtlpReceiver discarding() {
		OtlpReceiver receiver = new OtlpReceiver();
		receiver.discarding = true;
		return receiver;
	}

	/** The bytes a {@link #discarding()} receiver has read. */
	public long discardedBytes() {
		return this.discarded.get();
	}

	public synchronized OtlpReceiver start() {
		if (this.server == null) {
			try {
				HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
				started.createContext("/v1/traces", this::traces);
				started.createContext("/v1/metrics", this::metrics);
				started.createContext("/", (exchange) -> answer(exchange, 404));
				started.start();
				this.server = started;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return this;
	}

	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	/** {@code http://127.0.0.1:<port>/v1/traces} */
	public String endpoint() {
		return "http://127.0.0.1:" + start().server.getAddress().getPort() + "/v1/traces";
	}

	/** {@code http://127.0.0.1:<port>/v1/metrics} */
	public String metricsEndpoint() {
		return "http://127.0.0.1:" + start().server.getAddress().getPort() + "/v1/metrics";
	}

	/**
	 * The names of the metrics received so far, with the resource attributes they came
	 * with.
	 */
	public List<String> metricNames() {
		List<String> names = new ArrayList<>();
		for (ExportMetricsServiceRequest request : this.metricRequests) {
			for (ResourceMetrics resource : request.getResourceMetricsList()) {
				for (ScopeMetrics scope : resource.getScopeMetricsList()) {
					for (Metric metric : scope.getMetricsList()) {
						names.add(metric.getName());
					}
				}
			}
		}
		return names;
	}

	/** The resource attributes of every metrics request received so far, as strings. */
	public List<Map<String, String>> metricResources() {
		List<Map<String, String>> resources = new ArrayList<>();
		for (ExportMetricsServiceRequest request : this.metricRequests) {
			for (ResourceMetrics resource : request.getResourceMetricsList()) {
				Map<String, String> attributes = new LinkedHashMap<>();
				resource.getResource()
					.getAttributesList()
					.forEach(
							(attribute) -> attributes.put(attribute.getKey(), ReceivedSpan.text(attribute.getValue())));
				resources.add(attributes);
			}
		}
		return resources;
	}

	/**
	 * Starts the receiver and has Beacon export every trace to it at once: Spring Boot's
	 * endpoint property, sampling 1.0, a short batch delay.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerEndpoint(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", this::endpoint);
		registry.add("management.tracing.sampling.probability", () -> "1.0");
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "50ms");
	}

	public List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	/** The spans of one trace received so far. */
	public List<ReceivedSpan> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	/**
	 * Waits (5 s at most) for a span to arrive.
	 * @param description what is waited for, for the failure message
	 * @param condition which span
	 * @return the first span that meets it
	 */
	public ReceivedSpan await(String description, Predicate<ReceivedSpan> condition) {
		return org.awaitility.Awaitility.await(description)
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.spans.stream().filter(condition).findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
	}

	/** Every request received, as protobuf text: names, attributes, events, resources. */
	public String everything() {
		StringBuilder text = new StringBuilder();
		this.requests.forEach(text::append);
		return text.toString();
	}

	public void clear() {
		this.spans.clear();
		this.requests.clear();
		this.metricRequests.clear();
	}

	private void metrics(HttpExchange exchange) throws IOException {
		byte[] body = protobufBody(exchange);
		if (body == null) {
			return;
		}
		this.metricRequests.add(ExportMetricsServiceRequest.parseFrom(body));
		answer(exchange, 200);
	}

	/** The request's protobuf body, unzipped; null when refused (answered 415). */
	private static byte @org.jspecify.annotations.Nullable [] protobufBody(HttpExchange exchange) throws IOException {
		if (!"POST".equals(exchange.getRequestMethod())
				|| !"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
			answer(exchange, 415);
			return null;
		}
		InputStream body = exchange.getRequestBody();
		if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
			body = new GZIPInputStream(body);
		}
		return body.readAllBytes();
	}

	private void traces(HttpExchange exchange) throws IOException {
		byte[] body = protobufBody(exchange);
		if (body == null) {
			return;
		}
		if (this.discarding) {
			this.discarded.addAndGet(body.length);
			answer(exchange, 200);
			return;
		}
		ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
		this.requests.add(request);
		for (ResourceSpans resource : request.getResourceSpansList()) {
			for (ScopeSpans scope : resource.getScopeSpansList()) {
				for (Span span : scope.getSpansList()) {
					this.spans.add(ReceivedSpan.of(span));
				}
			}
		}
		answer(exchange, 200);
	}

	private static void answer(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	/**
	 * One span as received.
	 *
	 * @param traceId the trace ID, hex
	 * @param spanId the span ID, hex
	 * @param parentSpanId the parent's span ID, hex; empty for a root
	 * @param name the span's name
	 * @param kind its kind
	 * @param attributes its attributes, as strings
	 * @param events its events' names
	 * @param status its status code
	 * @param statusMessage its status message
	 */
	public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
			Map<String, String> attributes, List<String> events, Status.StatusCode status, String statusMessage) {

		static ReceivedSpan of(Span span) {
			Map<String, String> attributes = new LinkedHashMap<>();
			for (KeyValue attribute : span.getAttributesList()) {
				attributes.put(attribute.getKey(), text(attribute.getValue()));
			}
			List<String> events = new ArrayList<>();
			span.getEventsList().forEach((event) -> events.add(event.getName()));
			HexFormat hex = HexFormat.of();
			return new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()),
					hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
					span.getName(), span.getKind(), attributes, events, span.getStatus().getCode(),
					span.getStatus().getMessage());
		}

		static String text(AnyValue value) {
			return switch (value.getValueCase()) {
				case STRING_VALUE -> value.getStringValue();
				case INT_VALUE -> String.valueOf(value.getIntValue());
				case BOOL_VALUE -> String.valueOf(value.getBoolValue());
				case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
				default -> value.toString();
			};
		}

	}

}
