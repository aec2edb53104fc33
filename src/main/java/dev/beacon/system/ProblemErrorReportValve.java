package dev.beacon.system;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error report, for requests it refuses before Beacon's code runs (a path
 * that is not valid percent-encoded UTF-8, contains {@code %00}, or climbs above the
 * root): RFC 9457 problem details like every other error, instead of Tomcat's HTML page.
 * Errors inside the application are rendered by the error controller and never reach this
 * report.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

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
		problem.put("detail",
				(status < 500)
						? "The server refused the request before reading it: " + reason
								+ " (check that the path is valid percent-encoded UTF-8 and stays below the root)"
						: "Beacon failed unexpectedly; the error was logged");
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

}
