package dev.beacon.messages;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.beacon.restclient.SignalRPartialFailureException;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;

/**
 * Answer of {@code POST /api/hubs/{hub}/messages:batch}: what became of each message, in
 * the request's order, so a publisher retries only those that failed.
 *
 * @param results one per message
 * @param accepted how many the service took
 * @param failed how many it did not, wholly or on some instances
 */
record BatchResult(@Schema(description = "One per message, in the request's order") List<MessageResult> results,
		@Schema(description = "How many messages the service took") int accepted,
		@Schema(description = "How many it did not take, wholly or on some instances") int failed) {

	static BatchResult of(List<MessageResult> results) {
		int accepted = (int) results.stream().filter(MessageResult::wasAccepted).count();
		return new BatchResult(results, accepted, results.size() - accepted);
	}

	/**
	 * What became of one message: 202 when the service took it, else the status and
	 * detail the single endpoint would have answered with.
	 *
	 * @param index the message's place in the request, from 0
	 * @param id its id: the request's, or a generated one
	 * @param status 202, or the failure's status
	 * @param detail why it failed
	 * @param retryAfter seconds to wait before retrying it, when the service asked for a
	 * pause (503)
	 * @param accepted the instances that took it, when only some did (502)
	 * @param failed the instances that did not and why, when only some took it (502)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record MessageResult(@Schema(description = "The message's place in the request, from 0") int index,
			@Schema(description = "The message's id: the request's, or a generated one") String id,
			@Schema(description = "202 when the service took it, else what POST .../messages would have answered",
					example = "202") int status,
			@Schema(description = "Why it failed") @Nullable String detail,
			@Schema(description = "Seconds to wait before retrying it (503)") @Nullable Long retryAfter,
			@Schema(description = "Instances that took it, when only some did (502)") @Nullable List<String> accepted,
			@Schema(description = "Instances that did not, and why (502)") @Nullable Map<String, String> failed) {

		static MessageResult accepted(int index, String id) {
			return new MessageResult(index, id, HttpStatus.ACCEPTED.value(), null, null, null, null);
		}

		/**
		 * A message that failed as the single endpoint would have answered.
		 * @param index the message's place
		 * @param id its id
		 * @param error the failure, with its status, detail and headers
		 * @return the result
		 */
		static MessageResult failed(int index, String id, ErrorResponse error) {
			String detail = error.getBody().getDetail();
			Long retryAfter = seconds(error.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
			if (error instanceof SignalRPartialFailureException partial) {
				return new MessageResult(index, id, error.getStatusCode().value(), detail, retryAfter,
						partial.accepted(), partial.failed());
			}
			return new MessageResult(index, id, error.getStatusCode().value(), detail, retryAfter, null, null);
		}

		static MessageResult unexpected(int index, String id) {
			return new MessageResult(index, id, HttpStatus.INTERNAL_SERVER_ERROR.value(),
					"Beacon failed unexpectedly; the error was logged", null, null, null);
		}

		boolean wasAccepted() {
			return this.status == HttpStatus.ACCEPTED.value();
		}

		private static @Nullable Long seconds(@Nullable String retryAfter) {
			try {
				return (retryAfter != null) ? Long.valueOf(retryAfter) : null;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

}
