package dev.beacon.endpoint;

import dev.beacon.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request named a hub that Beacon is not configured to serve. Answers 404.
 */
public class UnknownHubException extends ErrorResponseException {

	public UnknownHubException(String hub) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Unknown hub",
				"Hub '" + abbreviate(hub) + "' is not configured (see beacon.signalr.hub and beacon.signalr.hubs)"),
				null);
	}

	private static String abbreviate(String hub) {
		if (hub == null) {
			return "";
		}
		return (hub.length() > 64) ? hub.substring(0, 64) + "..." : hub;
	}

	@Override
	public String getMessage() {
		// Set by the constructor; were it cleared, Spring's summary of status and body
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
