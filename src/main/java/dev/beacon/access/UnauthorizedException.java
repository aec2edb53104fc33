package dev.beacon.access;

import dev.beacon.system.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A protected call came without a valid API key or token. Answers 401 with a bearer
 * challenge and no hint of a valid key.
 */
class UnauthorizedException extends ErrorResponseException {

	UnauthorizedException(String message) {
		super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized", message), null);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"beacon\"");
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
