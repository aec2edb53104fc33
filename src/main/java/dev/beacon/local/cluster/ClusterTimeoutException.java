package dev.beacon.local.cluster;

import dev.beacon.system.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The replica that owns a connection (or the replicas with a user's connections) did not
 * confirm a change in time. Answers 503 with {@code Retry-After}: retrying is safe.
 */
class ClusterTimeoutException extends ErrorResponseException {

	ClusterTimeoutException(String operation) {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Replica did not answer",
				"Another replica did not confirm " + operation + " in time; retry"), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
