package dev.beacon.system;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (a filter's, the container's) are problem details
 * too: with the detail a Beacon filter gave ({@link Problems#send}), else a generic one;
 * the exception behind them is logged, never shown.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.ERROR) {
			// Asked for directly: the error page is not an endpoint
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Problems.of(HttpStatus.NOT_FOUND, "Not Found",
						"No endpoint " + request.getMethod() + " " + request.getRequestURI()));
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String detail = status.is4xxClientError() ? "The request could not be processed: " + status.getReasonPhrase()
				: "Beacon failed unexpectedly; the error was logged";
		String title = status.getReasonPhrase();
		if (request.getAttribute(Problems.DETAIL_ATTRIBUTE) instanceof String given) {
			detail = given;
			title = (String) request.getAttribute(Problems.TITLE_ATTRIBUTE);
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, title, detail));
	}

}
