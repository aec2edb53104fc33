package dev.beacon.local;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The local service refused a token. Answers 401.
 */
class LocalAuthenticationException extends ErrorResponseException {

	LocalAuthenticationException(String message) {
		super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized", message), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
