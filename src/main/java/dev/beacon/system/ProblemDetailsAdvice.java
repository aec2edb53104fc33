package dev.beacon.system;

import dev.beacon.endpoint.InvalidNameException;
import dev.beacon.endpoint.ServiceUnavailableException;
import dev.beacon.endpoint.UnknownHubException;
import dev.beacon.negotiate.InvalidPrincipalException;
import dev.beacon.negotiate.TokenTooLongException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place exceptions become RFC 9457 problem details. Client mistakes get a 4xx
 * with a useful detail; anything unexpected gets a 500 whose detail reveals nothing.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ProblemDetailsAdvice.class);

	@ExceptionHandler
	ProblemDetail unknownHub(UnknownHubException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown hub", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidName(InvalidNameException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid name", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidPrincipal(InvalidPrincipalException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid client principal", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail tokenTooLong(TokenTooLongException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "Access token too long", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail serviceUnavailable(ServiceUnavailableException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "SignalR Service unavailable", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"Beacon failed unexpectedly; the error was logged");
	}

	static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
