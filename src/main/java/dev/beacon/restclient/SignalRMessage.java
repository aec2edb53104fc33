package dev.beacon.restclient;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A hub method invocation to send to clients: the body of the REST {@code :send}
 * operations, {@code {"target": "...", "arguments": [...]}}.
 *
 * @param target the client-side method name
 * @param arguments the arguments, any JSON values
 */
public record SignalRMessage(String target, List<? extends @Nullable Object> arguments) {

	public SignalRMessage {
		if (target == null || target.isBlank()) {
			throw new IllegalArgumentException("target must not be blank");
		}
		arguments = (arguments != null) ? java.util.Collections.unmodifiableList(new java.util.ArrayList<>(arguments))
				: List.of();
	}

	public static SignalRMessage of(String target, @Nullable Object... arguments) {
		return new SignalRMessage(target, java.util.Arrays.asList(arguments));
	}

}
