package dev.beacon.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem details every error of Beacon answers with, for the shared
 * advice and the features' own handlers alike.
 */
public final class Problems {

	static final String TITLE_ATTRIBUTE = Problems.class.getName() + ".title";

	static final String DETAIL_ATTRIBUTE = Problems.class.getName() + ".detail";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

	/**
	 * Answers from a filter, outside MVC: the container's error dispatch renders the
	 * problem through the error controller, with the same converters as every other.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param status the status
	 * @param title the problem's title
	 * @param detail what to fix, never internals
	 * @throws IOException if the error cannot be sent
	 */
	public static void send(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status,
			String title, String detail) throws IOException {
		request.setAttribute(TITLE_ATTRIBUTE, title);
		request.setAttribute(DETAIL_ATTRIBUTE, detail);
		response.sendError(status.value());
	}

}
