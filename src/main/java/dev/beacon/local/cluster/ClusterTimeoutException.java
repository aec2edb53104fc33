package dev.beacon.local.cluster;

import dev.beacon.system.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The replica that owns a connection (or the replicas a request concerns) did not confirm
 * it in time. Answers 503 with {@code Retry-After}. The replicas that answered applied
 * it: a membership change is safe to repeat, a command that sends may then deliver twice.
 */
class ClusterTimeoutException extends ErrorResponseException {

	ClusterTimeoutException(String operation) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Replica did not answer",
						"Another replica did not confirm " + operation + " in time; the replicas that did applied it "
								+ "(repeating a membership change is safe, repeating a send may deliver twice)"),
				null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
