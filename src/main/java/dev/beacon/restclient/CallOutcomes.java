package dev.beacon.restclient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Combines the answers of several SignalR Service instances to one call. A send, close or
 * group change succeeds when every instance took it; when some did and some failed it is
 * a {@link SignalRPartialFailureException} (502) naming both. A connection lives on one
 * instance, so for connection-scoped calls a 404 from the others is expected: one
 * instance taking it is enough, all answering 404 is "not found". An existence check is
 * true when any instance says so.
 */
final class CallOutcomes {

	private CallOutcomes() {
	}

	static boolean combine(RestApiRequest request, boolean notFoundIsFalse, List<Outcome> outcomes) {
		List<String> accepted = new ArrayList<>();
		Map<String, String> failed = new LinkedHashMap<>();
		SignalRException firstFailure = null;
		boolean notFoundEverywhere = true;
		for (Outcome outcome : outcomes) {
			if (outcome.failure() != null) {
				failed.put(outcome.endpoint(), outcome.failure().getBody().getDetail());
				firstFailure = (firstFailure != null) ? firstFailure : outcome.failure();
				notFoundEverywhere = false;
			}
			else if (outcome.result()) {
				accepted.add(outcome.endpoint());
				notFoundEverywhere = false;
			}
		}
		if (notFoundIsFalse) {
			if (!accepted.isEmpty()) {
				return true;
			}
			if (firstFailure != null) {
				throw firstFailure;
			}
			return false;
		}
		if (firstFailure == null) {
			if (notFoundEverywhere) {
				throw new SignalRNotFoundException(request.method().name(), request.path(),
						"No SignalR Service instance has such a target", null);
			}
			return true;
		}
		if (accepted.isEmpty()) {
			throw firstFailure;
		}
		throw new SignalRPartialFailureException(request.method().name(), request.path(), accepted, failed);
	}

	static String outcomeOf(SignalRException ex) {
		return switch (ex) {
			case SignalRUnavailableException unavailable -> "unavailable";
			case SignalRTimeoutException timeout -> "timeout";
			case SignalRNotFoundException notFound -> "not_found";
			case SignalRUnauthorizedException unauthorized -> "unauthorized";
			case SignalRInvalidArgumentException invalid -> "invalid";
			case SignalRPayloadTooLargeException tooLarge -> "too_large";
			default -> "rejected";
		};
	}

	/**
	 * One instance's answer.
	 *
	 * @param endpoint the instance's name
	 * @param result true when it took the call; false on a 404 where that is an answer
	 * @param failure why it did not, when it failed
	 */
	record Outcome(String endpoint, boolean result, @Nullable SignalRException failure) {
	}

}
