package dev.beacon.status;

import dev.beacon.store.StoreUnavailableException;
import dev.beacon.system.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The service delivered a status but the store failed before recording it. Answers 503
 * and says what happened, so the caller knows a retry delivers it again.
 */
class StatusNotRecordedException extends ErrorResponseException {

	StatusNotRecordedException(StoreUnavailableException cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Status not recorded",
				"SignalR Service delivered the status, but the shared store (Redis) failed before it was recorded: "
						+ "clients received it, the current status and history do not have it. Retrying records it "
						+ "and delivers it again"),
				cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

}
