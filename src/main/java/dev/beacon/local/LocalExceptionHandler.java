package dev.beacon.local;

import dev.beacon.system.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for the local service's own failures.
 */
@RestControllerAdvice(assignableTypes = { ClientController.class, LocalRestController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class LocalExceptionHandler {

	@ExceptionHandler
	ProblemDetail unauthorized(LocalAuthenticationException ex) {
		return Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unknownConnection(UnknownConnectionException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "Unknown connection", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidMessage(InvalidMessageException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid message", ex.getMessage());
	}

}
