package dev.beacon.upstream;

import dev.beacon.system.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for refused upstream requests.
 */
@RestControllerAdvice(assignableTypes = UpstreamController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UpstreamExceptionHandler {

	@ExceptionHandler
	ProblemDetail refused(UpstreamRequestException ex) {
		return Problems.of(ex.status(), ex.status().getReasonPhrase(), ex.getMessage());
	}

}
