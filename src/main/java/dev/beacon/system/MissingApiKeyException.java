package dev.beacon.system;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A publishing call came without a valid API key. Answers 401 with a bearer challenge and
 * no hint of a valid key.
 */
public class MissingApiKeyException extends ErrorResponseException {

	MissingApiKeyException(String message) {
		super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized", message), null);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"beacon\"");
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
