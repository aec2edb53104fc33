package dev.beacon.system;

import dev.beacon.endpoint.InvalidNameException;
import dev.beacon.endpoint.ServiceUnavailableException;
import dev.beacon.endpoint.UnknownHubException;
import dev.beacon.negotiate.InvalidPrincipalException;
import dev.beacon.negotiate.TokenTooLongException;
import dev.beacon.publish.SignalRException;
import dev.beacon.publish.SignalRNotFoundException;
import dev.beacon.publish.SignalRPayloadTooLargeException;
import dev.beacon.publish.SignalRTimeoutException;
import dev.beacon.publish.SignalRUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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

	static final long DEFAULT_RETRY_AFTER_SECONDS = 5;

	@ExceptionHandler
	ResponseEntity<ProblemDetail> missingApiKey(MissingApiKeyException ex) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"beacon\"")
			.body(Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized", ex.getMessage()));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map((error) -> (error instanceof FieldError field)
					? field.getField()
						.replaceFirst("^is(.)", "$1")
						.replaceFirst("^(oneTarget|excludedApplicable)$", "body") + ": " + field.getDefaultMessage()
					: error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return handleExceptionInternal(ex, Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", detail), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
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
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestGuardFilter.BodyTooLargeException) {
				return handleExceptionInternal(ex,
						Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", cause.getMessage()), headers,
						HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		String detail = (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing"))
				? "A JSON request body is required" : "The request body is not valid JSON for this endpoint";
		return handleExceptionInternal(ex, Problems.of(HttpStatus.BAD_REQUEST, "Malformed request", detail), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler
	ProblemDetail unknownHub(UnknownHubException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "Unknown hub", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidName(InvalidNameException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid name", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidPrincipal(InvalidPrincipalException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid client principal", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail tokenTooLong(TokenTooLongException ex) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Access token too long", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail serviceUnavailable(ServiceUnavailableException ex) {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "SignalR Service unavailable", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail signalRNotFound(SignalRNotFoundException ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail signalRPayloadTooLarge(SignalRPayloadTooLargeException ex) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Message too large", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> signalRUnavailable(SignalRUnavailableException ex) {
		// Round up: a client that waits the advertised seconds must find the service
		// ready.
		// Without the service's own hint, a short default still tells callers to come
		// back.
		long seconds = ex.retryAfter()
			.map((retryAfter) -> Math.max(1, (retryAfter.toMillis() + 999) / 1000))
			.orElse(DEFAULT_RETRY_AFTER_SECONDS);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
		return response
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "SignalR Service unavailable", ex.getMessage()));
	}

	@ExceptionHandler
	ProblemDetail signalRTimeout(SignalRTimeoutException ex) {
		return Problems.of(HttpStatus.GATEWAY_TIMEOUT, "SignalR Service timeout",
				ex.getMessage() + ". Delivery is unknown: the message may or may not have reached clients");
	}

	/**
	 * Anything else the service refused: Beacon's request or credentials, not the
	 * caller's.
	 */
	@ExceptionHandler
	ProblemDetail signalRRejected(SignalRException ex) {
		return Problems.of(HttpStatus.BAD_GATEWAY, "SignalR Service rejected the request", ex.getMessage());
	}

	/** Tomcat refuses a query parameter it cannot decode only when it is read. */
	@ExceptionHandler
	ProblemDetail invalidParameter(org.apache.tomcat.util.http.InvalidParameterException ex) {
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
