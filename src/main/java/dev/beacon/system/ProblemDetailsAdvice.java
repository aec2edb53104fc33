package dev.beacon.system;

import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one general advice: Spring's own errors become RFC 9457 problem details with a
 * useful detail, and so does every exception that carries its own status and problem
 * (Spring's {@code ErrorResponseException}, which each feature's exceptions extend: this
 * class knows none of them). Anything unexpected gets a 500 whose detail reveals nothing.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ProblemDetailsAdvice.class);

	/**
	 * Field errors read {@code field: message}; errors of the whole body (class-level
	 * constraints) read as their message.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map((error) -> (error instanceof FieldError field) ? field.getField() + ": " + field.getDefaultMessage()
					: error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return handleExceptionInternal(ex, Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", detail), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
			.sorted()
			.collect(Collectors.joining("; "));
		return handleExceptionInternal(ex, Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", detail), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestGuardFilter.BodyTooLargeException tooLarge) {
				return handleExceptionInternal(ex,
						Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", tooLarge.getMessage()), headers,
						HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		return handleExceptionInternal(ex, Problems.of(HttpStatus.BAD_REQUEST, "Malformed request", unreadable(ex)),
				headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * What is wrong with a body Jackson could not read: an unknown or repeated property
	 * in the caller's words, else where in the body the value did not fit.
	 */
	private static String unreadable(HttpMessageNotReadableException ex) {
		if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
			return "A JSON request body is required";
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof KnownPropertiesModule.InvalidPropertyException invalid) {
				String location = location(invalid);
				return location.isEmpty() ? invalid.problem() : location + ": " + invalid.problem();
			}
			if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
				return "The request body is not valid JSON for this endpoint: " + location(mismatch)
						+ " has a value of the wrong kind";
			}
		}
		return "The request body is not valid JSON for this endpoint";
	}

	/**
	 * Where in the body a value sits, in the body's own terms
	 * ({@code messages[3].target}), empty for the body itself; never a Java class name.
	 */
	private static String location(JacksonException ex) {
		StringBuilder location = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getIndex() >= 0) {
				location.append('[').append(reference.getIndex()).append(']');
			}
			else if (reference.getPropertyName() != null) {
				location.append(location.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
		}
		return location.toString();
	}

	/** Tomcat refuses a query parameter it cannot decode only when it is read. */
	@ExceptionHandler
	ProblemDetail invalidParameter(InvalidParameterException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid query parameter",
				"A query parameter is not valid percent-encoded UTF-8");
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected error", ex);
		return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"Beacon failed unexpectedly; the error was logged");
	}

}
