package dev.beacon.system;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error report, for requests it refuses before Beacon's code runs (a path
 * that is not valid percent-encoded UTF-8, contains {@code %00}, or climbs above the
 * root, an HTTP version or transfer coding it does not speak, a method it does not
 * implement): RFC 9457 problem details like every other error, instead of Tomcat's HTML
 * page, saying what was refused. Errors inside the application are rendered by the error
 * controller and never reach this report.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	static final List<String> STANDARD_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");

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
