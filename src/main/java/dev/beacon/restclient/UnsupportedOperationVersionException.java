package dev.beacon.restclient;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An operation the configured REST API version does not have (client results on
 * 2022-06-01, say). Nothing was sent; answers 501 naming the setting that enables it.
 */
public class UnsupportedOperationVersionException extends ErrorResponseException {

	public UnsupportedOperationVersionException(String operation, ApiVersion configured, ApiVersion needed) {
		super(HttpStatus.NOT_IMPLEMENTED,
				Problems.of(HttpStatus.NOT_IMPLEMENTED, "Not available in this API version",
						operation + " needs SignalR REST API " + needed + "; " + ApiVersion.SETTING + " is "
								+ configured + " (set it to " + needed + ", the default)"),
				null);
	}

}
