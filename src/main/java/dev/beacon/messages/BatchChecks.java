package dev.beacon.messages;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.beacon.protocol.InvalidFilterException;
import dev.beacon.protocol.InvalidNameException;
import dev.beacon.protocol.ODataFilter;
import dev.beacon.restclient.RequestTooLongException;
import dev.beacon.restclient.SignalRBatches;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

/**
 * Checks a whole batch before any of it is sent, with the single message's rules: the
 * body's constraints, then the names and URL length the client checks before it sends.
 * Each problem reads {@code messages[3].target: must not be blank}, in message order.
 */
@Component
class BatchChecks {

	/** The names {@link InvalidNameException#kind()} gives, as the request's fields. */
	private static final Map<String, String> FIELDS = Map.of("user", "userId", "group", "groupName");

	private final Validator validator;

	private final SignalRBatches batches;

	BatchChecks(Validator validator, SignalRBatches batches) {
		this.validator = validator;
		this.batches = batches;
	}

	/**
	 * Checks a batch.
	 * @param hub the configured hub, lower-cased
	 * @param batch the batch
	 * @return its messages, every one valid
	 * @throws InvalidBatchException naming every problem
	 */
	List<MessageRequest> check(String hub, BatchRequest batch) {
		List<Problem> problems = new ArrayList<>();
		BitSet invalid = new BitSet();
		for (ConstraintViolation<BatchRequest> violation : this.validator.validate(batch)) {
			Problem problem = problem(violation);
			problems.add(problem);
			if (problem.index() >= 0) {
				invalid.set(problem.index());
			}
		}
		List<MessageRequest> messages = (batch.messages() != null) ? batch.messages() : List.of();
		for (int i = 0; i < messages.size(); i++) {
			if (!invalid.get(i)) {
				checkSend(hub, i, messages.get(i), problems);
			}
		}
		if (!problems.isEmpty()) {
			problems.sort(Comparator.comparingInt(Problem::index).thenComparing(Problem::text));
			throw new InvalidBatchException(problems.stream().map(Problem::text).toList());
		}
		return messages;
	}

	private void checkSend(String hub, int index, MessageRequest message, List<Problem> problems) {
		try {
			if (message.filter() != null) {
				ODataFilter.parse(message.filter());
			}
			this.batches.checkSend(hub, message.userId(), message.groupName(), message.connectionId(),
					message.excludedList());
		}
		catch (InvalidNameException ex) {
			String field = FIELDS.getOrDefault(ex.kind(),
					(message.connectionId() != null) ? "connectionId" : "excluded");
			problems.add(new Problem(index, "messages[" + index + "]." + field + ": " + ex.getBody().getDetail()));
		}
		catch (InvalidFilterException ex) {
			problems.add(new Problem(index, "messages[" + index + "]." + ex.getMessage()));
		}
		catch (RequestTooLongException ex) {
			problems.add(new Problem(index, "messages[" + index + "].excluded: " + ex.getBody().getDetail()));
		}
	}

	/**
	 * A violation as {@code messages[3].target: message}: the index of the message, then
	 * the property, if any (a constraint on a whole message has none).
	 */
	private static Problem problem(ConstraintViolation<?> violation) {
		StringBuilder path = new StringBuilder();
		int index = -1;
		for (Path.Node node : violation.getPropertyPath()) {
			if (node.isInIterable() && node.getIndex() != null) {
				index = (index < 0) ? node.getIndex() : index;
				path.append('[').append(node.getIndex()).append(']');
			}
			if (node.getKind() == ElementKind.PROPERTY) {
				path.append(path.isEmpty() ? "" : ".").append(node.getName());
			}
		}
		return new Problem(index, path + ": " + violation.getMessage());
	}

	private record Problem(int index, String text) {
	}

}
