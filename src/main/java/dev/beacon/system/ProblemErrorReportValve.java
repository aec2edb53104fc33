package dev.beacon.system;

import java.io.IOException;
import java.io.Writer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error report, for requests it refuses before Beacon's code runs (a path
 * that is not valid percent-encoded UTF-8, contains {@code %00}, or climbs above the
 * root, an HTTP version or transfer coding it does not speak, a method it does not
 * implement): RFC 9457 problem details like every other error, instead of Tomcat's HTML
 * page, saying what was refused. No span exists for such a request, so its
 * {@code traceId} is the caller's own ({@code traceparent}) when it sent one, or a new
 * one; either is logged at DEBUG with the status and method, for an operator to find.
 * Errors inside the application are rendered by the error controller and never reach this
 * report.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	static final List<String> STANDARD_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");

	private static final Log logger = LogFactory.getLog(ProblemErrorReportValve.class);

	/**
	 * {@code version-traceid-parentid-flags}, W3C Trace Context; version 00 or a later
	 * one.
	 */
	private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String reason = (known != null) ? known.getReasonPhrase() : "Error";
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", reason);
		problem.put("status", status);
		problem.put("detail", detail(status, reason, request.getMethod()));
		String traceId = traceId(request.getHeader("traceparent"));
		problem.put("traceId", traceId);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused before Beacon's code ran: " + status + " " + reason + " (traceId " + traceId + ")");
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JsonMapper.shared().writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away; nothing more to report
		}
	}

	/**
	 * The caller's trace ID when its {@code traceparent} is valid, or a new random one.
	 */
	static String traceId(@Nullable String traceparent) {
		if (traceparent != null) {
			Matcher matcher = TRACEPARENT.matcher(traceparent);
			if (matcher.lookingAt() && !traceparent.startsWith("ff") && !matcher.group(1).matches("0+")) {
				return matcher.group(1);
			}
		}
		byte[] id = new byte[16];
		ThreadLocalRandom.current().nextBytes(id);
		return HexFormat.of().formatHex(id);
	}

	// What was refused, in words: these are the client's requests, not Beacon's failures
	static String detail(int status, String reason, @Nullable String method) {
		return switch (status) {
			case 501 -> (method != null && !STANDARD_METHODS.contains(method))
					? "Beacon does not implement the method " + method + " (it takes "
							+ String.join(", ", STANDARD_METHODS) + ")"
					: "Beacon does not implement the request's transfer coding: send the body whole with Content-Length, "
							+ "or with Transfer-Encoding: chunked alone";
			case 505 -> "Beacon speaks HTTP/1.1 (and HTTP/1.0) on this connection: send the request as HTTP/1.1";
			case 413 -> "The request is larger than Beacon takes";
			case 414, 431 -> "The request line or headers are larger than Beacon takes: " + reason;
			default -> (status < 500)
					? "The server refused the request before reading it: " + reason
							+ " (check that the path is valid percent-encoded UTF-8 and stays below the root)"
					: "Beacon failed unexpectedly; the error was logged";
		};
	}

}
